export { sessionContext } from './context.js';
export { RingnitySession, type SessionState } from './session.js';
export { SessionController, type AgentBinding, type SessionControllerOptions, type SessionSource } from './session-controller.js';
export { pageSession, providePageSession, onPageSessionChange } from './page-session.js';
