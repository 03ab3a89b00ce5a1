/**
 * Imported first by the harness: LWS reads its feature gates while it sets its sandbox up, so
 * they must be registered before @locker/sandbox creates anything. `?gates=ci` turns on the set
 * LWS's own CI uses; without it every gate is off, as by default.
 */
import { LWS_DEFAULT_GATER_FEATURES, registerGaterEnabledFeatures } from '@locker/shared';

if (new URLSearchParams(location.search).get('gates') === 'ci') registerGaterEnabledFeatures([...LWS_DEFAULT_GATER_FEATURES]);
