import { css, unsafeCSS } from 'lit';

// A declaration list, not a stylesheet, so it is no `css` literal: the bundle build minifies
// those as whole stylesheets (rollup.config.mjs), and a bare list does not parse as one. The
// text is a constant of this module; nothing from outside reaches it.
const darkPalette = unsafeCSS(`
  --_bg: var(--ringnity-color-background, #16191d);
  --_surface: var(--ringnity-color-surface, #1f2329);
  --_surface-strong: var(--ringnity-color-surface-strong, #2a2f37);
  --_text: var(--ringnity-color-text, #e8eaed);
  --_muted: var(--ringnity-color-text-muted, #a9b0ba);
  --_border: var(--ringnity-color-border, #3a414b);
  --_accent: var(--ringnity-color-accent, #7aa2ff);
  --_on-accent: var(--ringnity-color-on-accent, #0d1526);
  --_reply-bg: var(--ringnity-color-reply, #24375f);
  --_note-bg: var(--ringnity-color-note, #3b3210);
  --_note-border: var(--ringnity-color-note-border, #d8b34a);
  --_danger: var(--ringnity-color-danger, #ff8a80);
  --_success: var(--ringnity-color-success, #6fd38a);
  --_warning: var(--ringnity-color-warning, #f2c46b);
  --_selected: var(--ringnity-color-selected, #26344d);
`);

/** 1 where the accent is darker than the crossover (white text), 0 where lighter (black text). */
const light = 'clamp(0, (0.179 - (0.2126 * r + 0.7152 * g + 0.0722 * b)) * 100000, 1)';
// A declaration list, like darkPalette, for the same reason.
const derivedForeground = unsafeCSS(`
  --_on-accent: var(--ringnity-color-on-accent, color(from var(--_accent) srgb-linear ${light} ${light} ${light}));
  --_accent-text: oklch(from var(--_accent) min(l, 0.5) c h);
`);

/**
 * Public `--ringnity-*` custom properties feed private `--_*` ones on :host, so the component's
 * own rules read one name and a page sets one property for every element. The dark palette
 * applies under `prefers-color-scheme: dark` unless `theme="light"`, and always with `theme="dark"`.
 */
export const themeStyles = css`
  :host {
    --_bg: var(--ringnity-color-background, #ffffff);
    --_surface: var(--ringnity-color-surface, #f5f6f8);
    --_surface-strong: var(--ringnity-color-surface-strong, #e9ecf0);
    --_text: var(--ringnity-color-text, #1b1f24);
    --_muted: var(--ringnity-color-text-muted, #545c67);
    --_border: var(--ringnity-color-border, #d5dae1);
    --_accent: var(--ringnity-color-accent, #1f4fc4);
    --_on-accent: var(--ringnity-color-on-accent, #ffffff);
    --_accent-text: var(--_accent);
    --_reply-bg: var(--ringnity-color-reply, #e3ecff);
    --_note-bg: var(--ringnity-color-note, #fff5d1);
    --_note-border: var(--ringnity-color-note-border, #a87900);
    --_danger: var(--ringnity-color-danger, #b3261e);
    --_success: var(--ringnity-color-success, #17753a);
    --_warning: var(--ringnity-color-warning, #8a5300);
    --_selected: var(--ringnity-color-selected, #e6eeff);
    --_radius: var(--ringnity-radius, 8px);
    --_gap: var(--ringnity-spacing, 8px);
    --_font-size: var(--ringnity-font-size, 0.875rem);
    --_focus-ring: var(--ringnity-focus-ring, 2px solid var(--_accent));
    color-scheme: light;
    font: inherit;
    font-size: var(--_font-size);
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      color-scheme: dark;
      ${darkPalette}
    }
  }
  :host([theme='dark']) {
    color-scheme: dark;
    ${darkPalette}
  }
  /*
   * A page that sets only --ringnity-color-accent would otherwise get the palette's fixed
   * foregrounds, chosen for the default accent: text on the accent becomes black or white,
   * whichever has the more contrast (the WCAG luminance crossover, 0.179), and accent-coloured
   * text keeps a lightness that reads on the palette's background. The selector list matches the
   * palettes' own specificity, so this wins where the browser can compute it.
   */
  @supports (color: color(from red srgb-linear r g b)) {
    :host,
    :host(:not([theme='light'])),
    :host([theme='dark']) {
      ${derivedForeground}
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        --_accent-text: oklch(from var(--_accent) max(l, 0.8) c h);
      }
    }
    :host([theme='dark']) {
      --_accent-text: oklch(from var(--_accent) max(l, 0.8) c h);
    }
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
  }
  :focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .button {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 4px 10px;
    min-height: 28px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .button:hover:not(:disabled) {
    background: var(--_surface-strong);
  }
  .button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .button.danger {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .button.primary.danger {
    background: var(--_danger);
    color: var(--_bg);
  }
  .status-banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
    padding: 6px 10px;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_muted);
  }
  .status-banner[data-state='failed'],
  .status-banner[data-state='missing'] {
    color: var(--_danger);
    background: var(--_bg);
    border: 1px solid var(--_danger);
  }
  .inline-error {
    color: var(--_danger);
  }
`;
