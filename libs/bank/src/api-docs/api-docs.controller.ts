import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { html, pageHeaders, type SafeHtml } from '@fapi/web-pages';
import { BANK_CONFIG, type BankConfig } from '../bank-config';
import { API_DOCUMENTS, type ApiDocument, documentPath, servedDocument } from './api-documents';

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const swaggerUi = (file: string) => path.join(path.dirname(require.resolve('swagger-ui-dist/package.json')), file);

/** The files of the docs page, served from node_modules and this lib: nothing comes from another origin (offline). */
const DOCS_ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  'swagger-ui.css': { file: swaggerUi('swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: swaggerUi('swagger-ui-bundle.js'), type: JAVASCRIPT },
  'swagger-ui-standalone-preset.js': { file: swaggerUi('swagger-ui-standalone-preset.js'), type: JAVASCRIPT },
  'api-docs.js': { file: path.resolve(__dirname, '../../assets/api-docs.js'), type: JAVASCRIPT },
};

/**
 * The docs page's policy: scripts and styles only from the bank itself (no inline script; Swagger UI styles elements
 * inline), its icons as data: URIs, and fetching the documents from the bank.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sends a page with the headers every page carries (pageHeaders), with its own policy when it needs one. */
function sendPage(response: ServerResponse, csp: string | undefined, title: string, body: SafeHtml, head: SafeHtml = html``): void {
  for (const [name, value] of Object.entries(pageHeaders(csp))) response.setHeader(name, value);
  response.end(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`.toString());
}

/**
 * The bank's public pages (no client certificate, no token): its home page, its OpenAPI documents (API_DOCUMENTS) and
 * an interactive docs page showing them with Swagger UI.
 */
@Controller()
export class ApiDocsController {
  private readonly served = new Map<ApiDocument, string>();

  constructor(@Inject(BANK_CONFIG) private readonly config: BankConfig) {}

  @Get()
  home(@Res() response: ServerResponse): void {
    const documents = API_DOCUMENTS.map((document) => html`<li><a href="${documentPath(document)}">${document.title}</a> (OpenAPI)</li>`);
    const body = html`<h1>Sandbox bank</h1>
<p>A mock UK Open Banking v4.0 ASPSP. Read its APIs on the <a id="docs-link" href="/docs">API docs page</a>.</p>
<ul>${documents}<li><a href="/jwks">JWKS</a> (the keys of its response signatures)</li></ul>`;
    sendPage(response, undefined, 'Sandbox bank', body);
  }

  @Get('docs')
  docs(@Res() response: ServerResponse): void {
    const documents = JSON.stringify(API_DOCUMENTS.map((document) => ({ name: document.title, url: documentPath(document) })));
    const head = html`<link rel="stylesheet" href="/docs/swagger-ui.css">`;
    const body = html`<div id="swagger-ui" data-documents="${documents}"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/api-docs.js"></script>`;
    sendPage(response, DOCS_CSP, 'Sandbox bank: API docs', body, head);
  }

  @Get('docs/:asset')
  async asset(@Param('asset') name: string, @Res() response: ServerResponse): Promise<void> {
    const asset = Object.hasOwn(DOCS_ASSETS, name) ? DOCS_ASSETS[name] : undefined;
    if (!asset) throw new NotFoundException();
    response.setHeader('content-type', asset.type);
    response.setHeader('content-length', statSync(asset.file).size);
    await pipeline(createReadStream(asset.file), response);
  }

  @Get('open-banking/v4.0/:api/openapi.json')
  document(@Param('api') api: string, @Res() response: ServerResponse): void {
    const document = API_DOCUMENTS.find(({ basePath }) => basePath === `/open-banking/v4.0/${api}`);
    if (!document) throw new NotFoundException();
    if (!this.served.has(document)) this.served.set(document, servedDocument(document, this.config.bankUrl));
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(this.served.get(document));
  }
}
