import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { Interaction, Provider } from 'oidc-provider';
import { NatsContractClient, type PsuAccountSummary, Requests, type TestCustomer } from '@fapi/nats-contract';
import { pageHeaders, type SafeHtml } from '@fapi/web-pages';
import type { AuthorizationServerOptions } from '../authorization-server-options';
import type { ConsentRequester } from '../consents/intent-kind';
import { type ClientProfile, profileOf } from '../profiles/client-profile';
import { interactionPath, SCA_ACR } from '../provider/fapi-provider';
import { rememberPsuProfile } from '../provider/psu-account';
import { grantForAuthorisation } from '../rules/grantable-scopes';
import type { OidcModelStore } from '../storage/oidc-model-store';
import { AUTHORIZATION_SERVER_OPTIONS, OIDC_MODEL_STORE, OIDC_PROVIDER } from '../tokens';
import { loadProviderMaterial } from '../provider/provider-material';
import { finishInteraction, keepInteractionResult } from './finish-interaction';
import { readForm } from './form-body';
import { InteractionFormTokens } from './interaction-form-token';
import { InteractionProblem, unavailableAsProblem } from './interaction-problem';
import { LoginThrottle } from './login-throttle';
import { loginPage, problemPage, tooManyAttemptsPage } from './pages';
import { PSU_APPROVALS, type PsuApproval } from './psu-approvals';
import { signIn } from './psu-login';

const WRONG_CREDENTIALS = 'The username or password is not right.';

/**
 * How long the login page shows the bank's test customers without asking it again (per instance). They are the
 * customers the bank is seeded with, fixed in its code and published, so an answer this old is still the bank's; a
 * refusal is never kept. Saves a NATS round trip per login page (issue 11).
 */
const TEST_CUSTOMERS_KEPT_MS = 5 * 60_000;

/**
 * The PSU's side of an authorization request: the login page (credentials checked by the bank) and the consent page
 * (the consent from consent-service, the PSU's accounts from the bank) as plain HTML forms. What the PSU approves
 * depends on the client's profile (./psu-approvals.ts: an OB consent, or their identity for a teaching client); what
 * differs by the kind of OB consent (which page, what the PSU chooses on it, how it is authorised or rejected, what it
 * grants) is the kind's entry (../consents/kinds); this controller only dispatches to them.
 *
 * CSRF: every form is bound to its interaction (interaction-form-token.ts: same site, then the interaction's token),
 * on top of oidc-provider's interaction cookie (signed, SameSite=Lax, scoped to /interaction/<uid>) whose
 * interaction must be the one in the URL.
 */
@Controller('interaction')
export class InteractionController {
  private readonly logger = new Logger('InteractionController');
  /** The bank and consent-service over NATS; no reply is a 503 page. */
  private readonly nats: ConsentRequester;
  private readonly formTokens: InteractionFormTokens;
  /** The bank's last answer to listTestCustomers, shown until `until` (ms since the epoch). */
  private testCustomersKept?: { customers: TestCustomer[]; until: number };

  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    @Inject(AUTHORIZATION_SERVER_OPTIONS) private readonly options: AuthorizationServerOptions,
    @Inject(OIDC_MODEL_STORE) private readonly store: OidcModelStore,
    nats: NatsContractClient,
    private readonly throttle: LoginThrottle,
  ) {
    this.nats = unavailableAsProblem(nats);
    this.formTokens = new InteractionFormTokens(loadProviderMaterial(options.certsDir).cookieKeys[0], new URL(options.issuer).origin);
  }

  @Get(':uid')
  async show(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    await this.handle(req, res, async () => {
      const interaction = await this.interaction(uid, req, res);
      if (stepOf(interaction) === 'login') return this.renderLogin(res, interaction);
      const approval = await this.awaitingApproval(interaction, res);
      if (approval) await this.renderConsent(res, interaction, approval);
    });
  }

  @Post(':uid/login')
  async login(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    await this.handle(req, res, async () => {
      const interaction = await this.interaction(uid, req, res, 'login');
      const form = await this.postedForm(req, interaction);
      const username = form.get('username') ?? '';
      // The connection's own address: the AS terminates TLS itself (mutual TLS), no proxy stands in front of it.
      const login = await signIn(this.throttle, this.nats, { username, password: form.get('password') ?? '' }, req.socket.remoteAddress ?? 'unknown');
      if (login.outcome === 'throttled') return this.refuseThrottled(res, login.until);
      if (login.outcome === 'refused') {
        return this.renderLogin(res, interaction, { username: login.malformed ? undefined : username, error: WRONG_CREDENTIALS }, login.malformed ? 400 : 200);
      }
      // The PSU's name is kept only when the client may be given it (`profile` claims, identity approvals).
      if ((await this.clientProfile(interaction)).psuApproves === 'identity') await rememberPsuProfile(this.store, login.psu, this.options.lifetimes.refreshToken);
      await keepInteractionResult(interaction, res, { login: { accountId: login.psu.psuId, acr: SCA_ACR, remember: false } }, interactionPath(interaction.uid));
    });
  }

  @Post(':uid/consent')
  async consent(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    await this.handle(req, res, async () => {
      const interaction = await this.interaction(uid, req, res, 'consent');
      const form = await this.postedForm(req, interaction);
      const approval = await this.awaitingApproval(interaction, res);
      if (!approval) return;
      if (form.get('decision') !== 'approve') return this.deny(interaction, res, approval);

      const psuId = this.psuOf(interaction);
      const authorisation = await approval.authorise(psuId, form, await this.psuAccounts(psuId));
      if (authorisation.outcome === 'choose-again') return this.renderConsent(res, interaction, approval, authorisation.error);
      if (authorisation.outcome === 'refused') return this.finishWithError(interaction, res, 'access_denied', authorisation.message);
      const grantId = await grantForAuthorisation(this.provider, { interaction, psuId, grantableScopes: approval.grantableScopes, bankUrl: this.options.bankUrl });
      await finishInteraction(interaction, res, { ...signInKept(interaction), consent: { grantId } }, { mergeWithLastSubmission: true });
    });
  }

  /** The interaction of the cookie, which must be the one of the URL (and, for a form, at the expected step). */
  private async interaction(uid: string, req: IncomingMessage, res: ServerResponse, step?: Step): Promise<Interaction> {
    let interaction: Interaction;
    try {
      interaction = await this.provider.interactionDetails(req, res);
    } catch {
      throw new InteractionProblem(400, 'This sign-in has expired or was already completed. Return to the app and start again.');
    }
    if (interaction.uid !== uid) throw new InteractionProblem(400, 'This page does not belong to your current sign-in.');
    if (step && stepOf(interaction) !== step) throw new InteractionProblem(400, 'This step of the sign-in is not the current one.');
    return interaction;
  }

  /** The form as posted from this interaction's own page: same site (before reading it), then its token. */
  private async postedForm(req: IncomingMessage, interaction: Interaction): Promise<URLSearchParams> {
    this.formTokens.refuseCrossSite(req);
    const form = await readForm(req);
    this.formTokens.refuseWithoutToken(form, interaction.uid);
    return form;
  }

  /** What the PSU approves (by the client's profile), if it still can be; otherwise the request ends with access_denied. */
  private async awaitingApproval(interaction: Interaction, res: ServerResponse): Promise<PsuApproval | undefined> {
    const approval = await PSU_APPROVALS[(await this.clientProfile(interaction)).psuApproves](this.nats, interaction);
    if (approval) return approval;
    await this.finishWithError(interaction, res, 'access_denied', 'the consent can no longer be authorised');
    return undefined;
  }

  private async deny(interaction: Interaction, res: ServerResponse, approval: PsuApproval): Promise<void> {
    await approval.reject();
    await this.finishWithError(interaction, res, 'access_denied', 'the PSU denied the consent');
  }

  private finishWithError(interaction: Interaction, res: ServerResponse, error: string, description: string): Promise<void> {
    return finishInteraction(interaction, res, { error, error_description: description }, { mergeWithLastSubmission: false });
  }

  private psuOf(interaction: Interaction): string {
    const psuId = interaction.prompt.name === 'login' ? signInKept(interaction)?.login.accountId : interaction.session?.accountId;
    if (!psuId) throw new InteractionProblem(400, 'Sign in again to continue.');
    return psuId;
  }

  private async psuAccounts(psuId: string): Promise<PsuAccountSummary[]> {
    const reply = await this.nats.request(Requests.listPsuAccounts, { psuId });
    if (!reply.ok) throw new InteractionProblem(400, 'Your accounts cannot be listed right now. Try again later.');
    return reply.value;
  }

  private async clientProfile(interaction: Interaction): Promise<ClientProfile> {
    return profileOf((await this.provider.Client.find(String(interaction.params.client_id))) as unknown as Record<string, unknown> | undefined);
  }

  private async clientName(interaction: Interaction): Promise<string> {
    const clientId = String(interaction.params.client_id);
    const client = await this.provider.Client.find(clientId);
    return client?.clientName ?? clientId;
  }

  private async renderLogin(res: ServerResponse, interaction: Interaction, extra: { username?: string; error?: string } = {}, status = 200): Promise<void> {
    const view = {
      uid: interaction.uid,
      formToken: this.formTokens.tokenFor(interaction.uid),
      clientName: await this.clientName(interaction),
      testCustomers: await this.testCustomers(),
      ...extra,
    };
    send(res, status, loginPage(view));
  }

  /** Who to sign in as, from the bank itself (its seeded customers): none listed if the bank refuses to say. */
  private async testCustomers(): Promise<TestCustomer[]> {
    if (this.testCustomersKept && this.testCustomersKept.until > Date.now()) return this.testCustomersKept.customers;
    const reply = await this.nats.request(Requests.listTestCustomers, {});
    if (!reply.ok) return [];
    this.testCustomersKept = { customers: reply.value, until: Date.now() + TEST_CUSTOMERS_KEPT_MS };
    return reply.value;
  }

  /** RFC 6585 §4 429 Too Many Requests, with Retry-After (RFC 9110 §10.2.3) in seconds. */
  private refuseThrottled(res: ServerResponse, until: Date): void {
    const now = new Date();
    res.setHeader('retry-after', String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))));
    send(res, 429, tooManyAttemptsPage(until, now));
  }

  private async renderConsent(res: ServerResponse, interaction: Interaction, approval: PsuApproval, error?: string): Promise<void> {
    const view = {
      uid: interaction.uid,
      formToken: this.formTokens.tokenFor(interaction.uid),
      clientName: await this.clientName(interaction),
      accounts: await this.psuAccounts(this.psuOf(interaction)),
      error,
    };
    send(res, 200, approval.consentPage(view));
  }

  /** Every outcome is a page: a problem with its status, anything unforeseen a 500 page (never Nest's JSON). */
  private async handle(req: IncomingMessage, res: ServerResponse, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof InteractionProblem)) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      if (res.headersSent) return void res.end();
      // A body left unread (too large, or refused before it was read) must not be parsed as the next request.
      if (!req.complete) res.setHeader('connection', 'close');
      if (error instanceof InteractionProblem) return send(res, error.status, problemPage(error.message));
      send(res, 500, problemPage('Something went wrong at your bank. Return to the app and start again.'));
    }
  }
}

/** The page a PSU is on: signing in, or approving (after signing in on this interaction, or in its session). */
type Step = 'login' | 'consent';

function stepOf(interaction: Interaction): Step {
  return interaction.prompt.name === 'login' && !signInKept(interaction) ? 'login' : 'consent';
}

/** The PSU's sign-in kept on a login interaction (keepInteractionResult), to be submitted with the approval. */
function signInKept(interaction: Interaction): { login: { accountId: string; acr?: string; remember?: boolean } } | undefined {
  const login = (interaction.result as { login?: { accountId?: unknown; acr?: string; remember?: boolean } } | undefined)?.login;
  return typeof login?.accountId === 'string' ? { login: { ...login, accountId: login.accountId } } : undefined;
}

/** Sends a page with the headers every page carries (never cached, never framed, no script: pageHeaders). */
function send(res: ServerResponse, status: number, page: SafeHtml): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(pageHeaders())) res.setHeader(name, value);
  res.end(page.value);
}
