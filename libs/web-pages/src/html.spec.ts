import { escapeHtml, html, SafeHtml } from './html';

describe('everything shown on a page is escaped unless it is markup we wrote', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes interpolated strings in content and attributes, and keeps nested templates', () => {
    const nickname = '<script>alert(1)</script>';
    const id = '" onmouseover="alert(1)';
    const out = html`<p data-id="${id}">${nickname}${html`<b>${'&'}</b>`}</p>`;
    expect(out.value).toBe('<p data-id="&quot; onmouseover=&quot;alert(1)">&lt;script&gt;alert(1)&lt;/script&gt;<b>&amp;</b></p>');
  });

  it('renders arrays item by item and leaves out null, undefined and false', () => {
    expect(html`${['<i>', html`<i>`]}${null}${undefined}${false}${0}`.value).toBe('&lt;i&gt;<i>0');
  });

  it('only SafeHtml passes through unescaped', () => {
    expect(html`${new SafeHtml('<hr>')}${{ toString: () => '<hr>' } as unknown as string}`.value).toBe('<hr>&lt;hr&gt;');
  });
});
