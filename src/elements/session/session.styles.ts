import { css } from 'lit';

export const sessionStyles = css`
  :host {
    display: contents;
  }
`;
