import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import type { Provider } from 'oidc-provider';
import { CONSOLE_RULES } from '@fapi/refusal-catalogue';
import { pageHeaders } from '@fapi/web-pages';
import type { AuthorizationServerOptions } from '../authorization-server-options';
import { readForm } from '../interactions/form-body';
import type { ReplayRecords } from '../storage/replay-records';
import { AUTHORIZATION_SERVER_OPTIONS, CONSOLE_STORE, OIDC_PROVIDER, REPLAY_RECORDS } from '../tokens';
import { CONSOLE_COOKIE, consoleClientOf, ConsoleRefusal, consoleRefusal } from './console-access';
import { clientOfLoginAssertion } from './console-login';
import { CONSOLE_PATHS, consolePage, consoleRefusalPage } from './console-page';
import { CONSOLE_SESSION_LIFETIME_MS, type ConsoleStore, LOGIN_LINK_LIFETIME_MS } from './console-store';

/** An interaction id to filter by: what the services record (a UUID), else no filter that could match anything. */
const INTERACTION_ID = /^[0-9a-f-]{1,64}$/i;
const interactionFilter = (value: unknown) => (typeof value === 'string' && INTERACTION_ID.test(value) ? value.toLowerCase() : undefined);
const chosenClient = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * The TPP developer console (README "Developer console"): a client's recent requests at the AS and the bank, as a page
 * and as JSON, to the client alone (consoleClientOf); and the login link a client gets with a client assertion.
 * Refusals are 401 with the rule (CONSOLE_RULES) and how to get in.
 */
@Controller()
export class ConsoleController {
  private readonly logger = new Logger('DeveloperConsole');

  constructor(
    @Inject(CONSOLE_STORE) private readonly console: ConsoleStore,
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    @Inject(REPLAY_RECORDS) private readonly replays: ReplayRecords,
    @Inject(AUTHORIZATION_SERVER_OPTIONS) private readonly options: AuthorizationServerOptions,
  ) {}

  @Get(CONSOLE_PATHS.page)
  async page(@Req() req: IncomingMessage, @Res() res: ServerResponse, @Query('interaction') interaction: unknown, @Query('client_id') clientId: unknown): Promise<void> {
    await this.answer(res, 'html', async () => {
      const client = await consoleClientOf(req, this.console, chosenClient(clientId));
      const filter = interactionFilter(interaction);
      const records = await this.console.recordsOf(client, filter);
      const registered = await this.provider.Client.find(client);
      for (const [name, value] of Object.entries(pageHeaders())) res.setHeader(name, value);
      res.end(consolePage({ issuer: this.options.issuer, clientId: client, clientName: registered?.clientName, interaction: filter, records }).value);
    });
  }

  @Get(CONSOLE_PATHS.requests)
  async requests(@Req() req: IncomingMessage, @Res() res: ServerResponse, @Query('interaction') interaction: unknown, @Query('client_id') clientId: unknown): Promise<void> {
    await this.answer(res, 'json', async () => {
      const client = await consoleClientOf(req, this.console, chosenClient(clientId));
      sendJson(res, 200, { client_id: client, requests: await this.console.recordsOf(client, interactionFilter(interaction)) });
    });
  }

  /** A one-time login link for the client whose private_key_jwt assertion (aud = issuer + /console) the body carries. */
  @Post(CONSOLE_PATHS.login)
  async login(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    await this.answer(res, 'login', async () => {
      const clientId = await clientOfLoginAssertion(await readForm(req), this.provider, this.replays);
      const secret = await this.console.issueLoginLink(clientId);
      sendJson(res, 201, { client_id: clientId, login_link: `${this.options.issuer}${CONSOLE_PATHS.enter}?link=${secret}`, expires_in: LOGIN_LINK_LIFETIME_MS / 1000 });
    });
  }

  /** Opens a login link (once): sets the console's session cookie and goes to the console. */
  @Get(CONSOLE_PATHS.enter)
  async enter(@Res() res: ServerResponse, @Query('link') link: unknown): Promise<void> {
    await this.answer(res, 'html', async () => {
      const clientId = typeof link === 'string' && link.length <= 100 ? await this.console.useLoginLink(link) : undefined;
      if (!clientId) throw consoleRefusal(CONSOLE_RULES.loginLinkOnce, 'this link was opened before, has expired or was never issued');
      const session = await this.console.openSession(clientId);
      res.writeHead(303, {
        location: CONSOLE_PATHS.page,
        'cache-control': 'no-store',
        'set-cookie': `${CONSOLE_COOKIE}=${session}; Path=${CONSOLE_PATHS.page}; Max-Age=${CONSOLE_SESSION_LIFETIME_MS / 1000}; HttpOnly; Secure; SameSite=Strict`,
      });
      res.end();
    });
  }

  /** Runs `serve`; a refusal is 401 (a page or JSON saying how to get in), anything else 500 without details. */
  private async answer(res: ServerResponse, kind: 'html' | 'json' | 'login', serve: () => Promise<void>): Promise<void> {
    try {
      await serve();
    } catch (error) {
      if (!(error instanceof ConsoleRefusal)) {
        this.logger.error(`the developer console failed: ${(error as Error).message}`);
        return kind === 'html' ? void res.writeHead(500).end() : sendJson(res, 500, { error: 'server_error' });
      }
      const challenge = { 'www-authenticate': 'Cookie realm="console", MutualTLS realm="console"' };
      if (kind !== 'html') {
        const code = kind === 'login' ? 'invalid_client' : 'unauthorized';
        return sendJson(res, 401, { error: code, error_description: error.description, how_to_get_in: `${this.options.issuer}${CONSOLE_PATHS.page}` }, challenge);
      }
      res.writeHead(401, { ...pageHeaders(), ...challenge });
      res.end(consoleRefusalPage(this.options.issuer, error.rule, error.description).value);
    }
  }
}
