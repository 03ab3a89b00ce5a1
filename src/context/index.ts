export { sessionContext } from './context.js';
export { RingnitySession, type SessionState } from './session.js';
export { SessionController } from './session-controller.js';
export { pageSession, providePageSession } from './page-session.js';
