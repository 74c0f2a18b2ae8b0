import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import { BRANDS } from './brands';
import { html } from './html';
import { journeyStepLine, page } from './page';
import { PAGE_CSP } from './page-headers';
import { STYLESHEET } from './stylesheet';

const render = (extra: Partial<Parameters<typeof page>[0]> = {}) =>
  cheerio.load(page({ brand: BRANDS.bank, title: 'Choose accounts', body: html`<p>hi</p>`, ...extra }).value);

describe('every page carries its brand, where the PSU is, and the one stylesheet', () => {
  it('the step line says in one line where the PSU is: "Sandbox Bank · step 2 of 3: choose accounts"', () => {
    const $ = render({ step: { number: 2, of: 3, label: 'choose accounts' } });
    expect($('#journey-step').text()).toBe('Sandbox Bank · step 2 of 3: choose accounts');
    expect(journeyStepLine(BRANDS.fintech, { number: 1, of: 4, label: 'connect your bank' })).toBe('Sandbox Fintech · step 1 of 4: connect your bank');
    expect($('title').text()).toBe('Choose accounts – step 2 of 3 – Sandbox Bank');
  });

  it('a form shown again with errors says so first, in its title', () => {
    expect(render({ refused: true })('title').text()).toBe('Error: Choose accounts – Sandbox Bank');
    expect(render({ refused: true })('h1').text()).toBe('Choose accounts');
  });

  it('a page outside a journey has no step line', () => {
    const $ = render();
    expect($('#journey-step')).toHaveLength(0);
    expect($('title').text()).toBe('Choose accounts – Sandbox Bank');
  });

  it("the brand's name, logo and colour class are on the page; the title is the one heading of <main>", () => {
    const $ = render({ brand: BRANDS.fintech, id: 'accounts', mainAttributes: html` data-consent-id="c-1"` });
    expect($('body').attr('class')).toBe('brand-fintech');
    expect($('.brand-bar .brand-name').text()).toBe('Sandbox Fintech');
    expect($('.brand-bar svg.logo[aria-hidden=true]')).toHaveLength(1);
    expect($('main#accounts[data-consent-id=c-1] > h1').text()).toBe('Choose accounts');
    expect($('a.skip-link').attr('href')).toBe('#accounts');
    expect($('html').attr('lang')).toBe('en-GB');
  });

  it('the page has no script, and its one <style> is exactly the one the policy allows by hash', () => {
    const $ = render();
    expect($('script')).toHaveLength(0);
    expect($('style')).toHaveLength(1);
    const hash = createHash('sha256').update($('style').text()).digest('base64');
    expect($('style').text()).toBe(STYLESHEET);
    expect(PAGE_CSP).toContain(`style-src 'sha256-${hash}';`);
    expect(PAGE_CSP).not.toContain('unsafe-inline');
  });

  it('every brand has its colour rule in the stylesheet', () => {
    for (const brand of Object.values(BRANDS)) expect(STYLESHEET).toContain(`.brand-${brand.id}{--brand:${brand.colour};--brand-tint:${brand.tint}}`);
  });
});
