/**
 * `@ringnity/agent-sdk/elements/session`: registers `<ringnity-session>` alone, the provider that
 * signs an agent in and shares the session with the elements inside it (or, with `page`, with
 * every element on the page). The other elements do not need it: a session handed to them, or
 * one registered with `providePageSession()` from the headless package, serves as well.
 */
import { RingnitySessionElement } from './session.js';

export { RingnitySessionElement } from './session.js';

RingnitySessionElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'ringnity-session': RingnitySessionElement;
  }
}
