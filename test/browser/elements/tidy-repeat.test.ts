import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { repeat } from '../../../src/elements/shared/tidy-repeat.js';

describe('repeat (tidy)', () => {
  it('renders keyed items in order and leaves no marker of the items it removed (lit/lit#5298)', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const draw = (items: number[]) =>
      render(
        html`<ul>${repeat(
          items,
          (i) => i,
          (i) => html`<li>${i}</li>`,
        )}</ul>`,
        host,
      );
    const markers = () => [...host.querySelector('ul')!.childNodes].filter((n) => n.nodeType === Node.COMMENT_NODE && (n as Comment).data === '').length;
    draw([1, 2, 3]);
    // A window sliding over a list, as the inbox's does: one item in, one out, every time.
    for (let k = 4; k < 30; k++) draw([k, k - 1, k - 2]);
    expect([...host.querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal(['29', '28', '27']);
    expect(markers()).to.equal(6);
    draw([]);
    expect(markers()).to.equal(0);
    host.remove();
  });
});
