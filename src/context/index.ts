/** The @lit/context glue: the context key and the controller elements follow the session with. The session itself is headless (src/sdk/session/). */
export { sessionContext } from './context.js';
export { SessionController } from './session-controller.js';
