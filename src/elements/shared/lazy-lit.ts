/**
 * The Lit values that the lazily loaded parts (the call popup's view, the inbox's thread half)
 * render with. Their sources import Lit as usual; in the no-build bundle's files beside it, those
 * imports are bound to these, the main bundle's own copy, handed over once a file has loaded.
 * One Lit on the page means one `lit-html` Trusted Types policy (a strict CSP refuses a second)
 * and no 5 KB twice. rollup.config.mjs fails the build when this list and the names the lazy
 * files import differ (see `sharedLit()` there).
 */
export { css, html, nothing } from 'lit';
export { live } from 'lit/directives/live.js';
export { repeat } from 'lit/directives/repeat.js';
