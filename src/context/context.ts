import { createContext } from '@lit/context';
import type { RingnitySession } from '../sdk/session/session.js';

/**
 * The context key of the shared session. It is a registered symbol, so that two copies of the
 * package on one page (the CDN bundle next to an npm build) still find each other's provider.
 */
export const sessionContext = createContext<RingnitySession | undefined>(Symbol.for('@ringnity/agent-sdk/session'));
