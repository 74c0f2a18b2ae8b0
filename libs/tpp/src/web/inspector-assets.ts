import { readFileSync } from 'node:fs';

/**
 * The diagram library, served by the fintech itself from node_modules (pinned in package.json), never from a CDN:
 * the journey page works offline and its CSP allows scripts from 'self' only. Its global build sets `mermaid`.
 */
const MERMAID_FILE = require.resolve('mermaid/dist/mermaid.min.js');

/**
 * Draws the sequence diagram from the page's `<pre class="mermaid">` (strict security level: no script or HTML from
 * the diagram source), and opens every step before printing, so a printed journey shows them all.
 */
const INSPECTOR_SCRIPT = `(function(){
window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});
if(!window.mermaid)return;
window.mermaid.initialize({startOnLoad:false,securityLevel:'strict',theme:'neutral',sequence:{showSequenceNumbers:false,wrap:true,width:180}});
window.mermaid.run({querySelector:'#sequence-diagram'});
})();
`;

/** The journey page's own styles: the step list, decoded JWTs, the diagram's frame, and how it prints. */
const INSPECTOR_STYLESHEET = `.inspector-steps{list-style:none;padding:0;margin:0 0 1rem}
.inspector-steps>li{background:#fff;border:1px solid #c9ccd1;border-left:5px solid var(--brand);border-radius:.4rem;margin:0 0 .5rem}
.inspector-steps>li.failed{border-left-color:#b00020}
.inspector-steps summary{cursor:pointer;padding:.6rem .75rem;display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:baseline;min-height:2.75rem}
.step-number{font-weight:700;font-variant-numeric:tabular-nums;min-width:1.5rem}
.step-label{font-weight:700}
.step-title{color:#505a5f;font-size:.95rem;overflow-wrap:anywhere}
.step-status{margin-left:auto;font-family:ui-monospace,monospace;font-size:.85rem;border-radius:1rem;padding:0 .6rem;background:#e6f4ea;color:#1d6b34}
.step-status.refused{background:#fdecee;color:#b00020}
.step-body{padding:0 .75rem .75rem}
.rule{border-left:4px solid var(--brand);background:var(--brand-tint);padding:.5rem .75rem}
.jwt{border-top:1px solid #c9ccd1;margin-top:.75rem}
.jwt h5{font-size:1rem;margin:.75rem 0 .25rem}
.jwt-part .hint{margin:0 0 .25rem}
@media (min-width:56rem){.jwt{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);column-gap:1rem}.jwt h5,.jwt .signature{grid-column:1/-1}}
.signature-ok{color:#1d6b34;font-weight:700}
.signature-bad{color:#b00020;font-weight:700}
.inspector-steps pre,.diagram pre{background:#f7f7f9;border:1px solid #e1e3e6;border-radius:.25rem;padding:.5rem .75rem;overflow-x:auto;font-size:.85rem;white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 .75rem}
.diagram{background:#fff;border:1px solid #c9ccd1;border-radius:.5rem;padding:1rem;overflow-x:auto;margin:0 0 1rem}
.diagram pre.mermaid[data-processed]{background:none;border:0;padding:0;white-space:normal}
@media print{
body{background:#fff}
.skip-link,.inspector-actions,.page-footer,#inspector-link{display:none}
details::details-content{content-visibility:visible;display:block}
.inspector-steps>li{break-inside:avoid}
.inspector-steps summary{list-style:none}
}
`;

export interface InspectorAsset {
  contentType: string;
  /** Read when first asked for, then kept. */
  body: () => string;
}

let mermaidSource: string | undefined;

/** The files under INSPECTOR_ASSETS_PATH, by name. */
export const INSPECTOR_ASSETS: Record<string, InspectorAsset> = {
  'mermaid.min.js': { contentType: 'text/javascript; charset=utf-8', body: () => (mermaidSource ??= readFileSync(MERMAID_FILE, 'utf8')) },
  'inspector.js': { contentType: 'text/javascript; charset=utf-8', body: () => INSPECTOR_SCRIPT },
  'inspector.css': { contentType: 'text/css; charset=utf-8', body: () => INSPECTOR_STYLESHEET },
};
