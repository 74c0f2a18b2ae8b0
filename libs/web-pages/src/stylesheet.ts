import { createHash } from 'node:crypto';
import { type Brand, BRANDS } from './brands';

/** Each brand's colours as custom properties on its `body.brand-<id>`: the one table (brands.ts) styles every page. */
const brandRule = (brand: Brand) => `.brand-${brand.id}{--brand:${brand.colour};--brand-tint:${brand.tint}}`;

/**
 * The one stylesheet of every page, mobile first (one column; wider screens get a centred card). Colours meet WCAG
 * 2.2 AA contrast (text 4.5:1, focus ring and borders 3:1); focus is always visible (2.4.7, 2.4.11); targets are at
 * least 44px high (2.5.8 asks 24px); text may be zoomed (rem units, no fixed heights).
 */
export const STYLESHEET = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1b1b;background:#f3f4f6}
${Object.values(BRANDS).map(brandRule).join('\n')}
a{color:var(--brand);text-underline-offset:.15em}
a:hover{text-decoration-thickness:.15em}
:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px;box-shadow:0 0 0 6px #ffdd00}
.skip-link{position:absolute;left:-999rem}
.skip-link:focus{left:1rem;top:1rem;z-index:1;background:#fff;padding:.5rem 1rem}
.brand-bar{background:var(--brand);color:#fff}
.brand-bar-inner,.journey-step-inner,main,.page-footer{max-width:40rem;margin:0 auto;padding:0 1rem}
.wide .brand-bar-inner,.wide .journey-step-inner,.wide main,.wide .page-footer{max-width:64rem}
.brand-bar-inner{display:flex;align-items:center;gap:.6rem;min-height:3.5rem}
.brand-bar .logo{flex:none}
.brand-name{font-weight:700;font-size:1.15rem;line-height:1.25;letter-spacing:.01em;padding:.5rem 0}
.sandbox-badge{margin-left:auto;font-size:.8rem;font-weight:600;border:1px solid #fff;border-radius:1rem;padding:.1rem .6rem}
.journey-step{background:var(--brand-tint);border-bottom:1px solid #c9ccd1}
.journey-step-inner{padding-top:.5rem;padding-bottom:.5rem;font-size:.95rem}
main{padding-top:1.25rem;padding-bottom:2rem}
.card{background:#fff;border:1px solid #c9ccd1;border-radius:.5rem;padding:1.25rem 1rem;margin:0 0 1rem}
.card>:first-child,.notice>:first-child{margin-top:0}
.card>:last-child{margin-bottom:0}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
p,ul,dl{margin:0 0 1rem}
.lead{font-size:1.1rem}
.hint{display:block;color:#505a5f;font-size:.95rem}
.field{margin:0 0 1.25rem}
.field label,legend{display:block;font-weight:700;margin-bottom:.25rem}
input[type=text],input[type=password],input[type=email],input[type=number],select{display:block;width:100%;max-width:24rem;font:inherit;padding:.5rem .6rem;min-height:2.75rem;border:2px solid #505a5f;border-radius:.25rem;background:#fff;color:inherit}
input[aria-invalid=true]{border-color:#b00020;border-width:3px}
.field-error{display:block;color:#b00020;font-weight:700;margin:.25rem 0}
fieldset{border:0;padding:0;margin:0 0 1.25rem;min-width:0}
.choice{display:flex;align-items:flex-start;gap:.75rem;padding:.6rem .75rem;min-height:2.75rem;border:1px solid #c9ccd1;border-radius:.4rem;margin:0 0 .5rem;background:#fff;cursor:pointer}
.choice input{flex:none;width:1.5rem;height:1.5rem;margin:.1rem 0 0;accent-color:var(--brand)}
.choice:has(input:checked){border-color:var(--brand);box-shadow:inset 0 0 0 1px var(--brand);background:var(--brand-tint)}
.choice-label{display:block;font-weight:600}
.error-note{border-left:5px solid #b00020;background:#fdecee;padding:.75rem 1rem;margin:0 0 1rem;color:#1b1b1b}
.error-note p:last-child,.notice p:last-child{margin-bottom:0}
.notice{border-left:5px solid var(--brand);background:var(--brand-tint);padding:.75rem 1rem;margin:0 0 1rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0 1rem}
button,.button{display:inline-flex;align-items:center;justify-content:center;font:inherit;font-weight:700;min-height:2.75rem;padding:.5rem 1.25rem;border:2px solid var(--brand);border-radius:.4rem;background:var(--brand);color:#fff;cursor:pointer;text-decoration:none;flex:1 1 12rem}
button:hover,.button:hover{filter:brightness(1.15)}
button.secondary,.button.secondary{background:#fff;color:var(--brand)}
button.secondary:hover,.button.secondary:hover{background:var(--brand-tint);filter:none}
.summary{display:grid;grid-template-columns:1fr;gap:0;margin:0 0 1rem;border-top:1px solid #c9ccd1}
.summary dt{font-weight:700;padding-top:.6rem}
.summary dd{margin:0;padding-bottom:.6rem;border-bottom:1px solid #c9ccd1;overflow-wrap:anywhere}
.summary dd.emphasis{font-size:1.5rem;font-weight:700}
.card>.summary{border-top:0;margin:0}
.card>.summary>dt:first-of-type,.card>.summary>dd:first-of-type{padding-top:0}
.card>.summary>dt:last-of-type,.card>.summary>dd:last-of-type{border-bottom:0;padding-bottom:0}
.credentials{list-style:none;padding:0}
.credentials li{padding:.5rem 0;border-top:1px solid #c9ccd1}
.credentials li:first-child{border-top:0}
.credentials .name{display:block;font-weight:700}
.credentials code{white-space:nowrap}
.money{font-variant-numeric:tabular-nums;white-space:nowrap}
.money-debit{color:#b00020}
.money-credit{color:#1d6b34}
.table-wrap{overflow-x:auto;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #c9ccd1;vertical-align:top}
th{font-size:.9rem;color:#3a3f44}
td.num,th.num{text-align:right}
.code-detail{color:#505a5f;font-size:.85rem}
.pager{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between;margin:0 0 1rem}
.pager a{display:inline-flex;align-items:center;min-height:2.75rem;padding:0 .5rem}
ol.timeline{list-style:none;padding:0;border-left:3px solid var(--brand);margin:0 0 1rem .5rem}
ol.timeline li{padding:.25rem 0 .75rem 1rem}
ol.timeline li.rejected{border-left:3px solid #b00020;margin-left:-3px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
ol.console-records{list-style:none;padding:0;margin:0 0 1rem}
.console-record{background:#fff;border:1px solid #c9ccd1;border-left:5px solid #1d6b34;border-radius:.4rem;padding:.75rem 1rem;margin:0 0 .75rem}
.console-record.console-refused{border-left-color:#b00020}
.console-record p{margin:0 0 .4rem}
.console-status{display:inline-block;font-weight:700;font-variant-numeric:tabular-nums;padding:0 .45rem;border-radius:.25rem;background:#e7f4ea;color:#1d6b34}
.console-refused .console-status{background:#fdecee;color:#b00020}
.console-meta{color:#505a5f;font-size:.9rem}
.console-jwt summary{cursor:pointer;color:var(--brand);font-weight:600;padding:.5rem 0}
.console-jwt pre{overflow-x:auto;background:#f3f4f6;border:1px solid #c9ccd1;border-radius:.25rem;padding:.75rem;font-size:.85rem;margin:0 0 .5rem}
.page-footer{color:#505a5f;font-size:.85rem;padding-bottom:2rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (min-width:40rem){
h1{font-size:2rem}
main>.card,main>form>.card{padding:1.5rem 2rem}
.summary{grid-template-columns:minmax(8rem,1fr) 2fr}
.summary dt{border-bottom:1px solid #c9ccd1;padding:.6rem 1rem .6rem 0}
.summary dd{padding:.6rem 0}
button,.button{flex:0 0 auto}
}
@media (forced-colors:active){button,.button{border:2px solid ButtonText}}
@media (prefers-reduced-motion:reduce){*{transition:none!important}}`;

/**
 * The CSP source that lets exactly this stylesheet apply when inlined (CSP3 hash-source): every page carries it in its
 * one `<style>` element, so no service needs a route for a stylesheet file, and no other inline style (an injected
 * `<style>` or `style` attribute) applies: the policy has no 'unsafe-inline'.
 */
export const STYLESHEET_SOURCE = `'sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}'`;
