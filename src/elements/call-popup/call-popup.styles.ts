import { css } from 'lit';

/** The popup's frame: where it sits and its inline error. What a call shows is styled by `call-popup-view.styles.ts`. */
export const callPopupStyles = css`
  :host {
    display: block;
    position: fixed;
    /* The corner where a line of text ends: bottom right, or bottom left in a right-to-left page. */
    inset-inline-end: 16px;
    bottom: 16px;
    z-index: 2147483000;
    --_width: var(--ringnity-call-popup-width, 320px);
    --_shadow: var(--ringnity-call-popup-shadow, 0 8px 28px rgb(0 0 0 / 0.28));
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  .base {
    width: var(--_width);
    max-width: calc(100vw - 32px);
  }
  .link {
    background: none;
    border: none;
    color: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
`;
