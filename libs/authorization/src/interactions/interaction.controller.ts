import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Interaction, Provider } from 'oidc-provider';
import { NatsContractClient, type PsuAccountSummary, Requests } from '@fapi/nats-contract';
import { pageHeaders, type SafeHtml } from '@fapi/web-pages';
import type { AuthorizationServerOptions } from '../authorization-server-options';
import type { IntentConsent } from '../consents/intent-kind';
import { findIntentConsent } from '../consents/intent-kinds';
import { SCA_ACR } from '../provider/fapi-provider';
import { grantForAuthorisation } from '../rules/grantable-scopes';
import { intentIdOf } from '../rules/request-names-an-intent';
import { AUTHORIZATION_SERVER_OPTIONS, OIDC_PROVIDER } from '../tokens';
import { readForm } from './form-body';
import { loginPage, problemPage } from './pages';

class InteractionProblem extends Error {}

/**
 * The PSU's side of an authorization request: the login page (credentials checked by the bank) and the consent page
 * (the consent from consent-service, the PSU's accounts from the bank) as plain HTML forms. What differs by the kind
 * of consent (which page, what the PSU chooses on it, how it is authorised or rejected, what it grants) is the kind's
 * entry (../consents/kinds); this controller only dispatches to it.
 *
 * CSRF: no form token is needed. Each page works on the interaction named by oidc-provider's interaction cookie, which
 * is signed, httpOnly, SameSite=Lax and scoped to /interaction/<uid>; browsers do not send a Lax cookie with a
 * cross-site POST, and every handler also requires that cookie's interaction to be the one in the URL. A forged form
 * from another site therefore finds no interaction and is refused.
 */
@Controller('interaction')
export class InteractionController {
  constructor(
    @Inject(OIDC_PROVIDER) private readonly provider: Provider,
    @Inject(AUTHORIZATION_SERVER_OPTIONS) private readonly options: AuthorizationServerOptions,
    private readonly nats: NatsContractClient,
  ) {}

  @Get(':uid')
  async show(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    await this.handle(res, async () => {
      const interaction = await this.interaction(uid, req, res);
      if (interaction.prompt.name === 'login') return this.renderLogin(res, interaction);
      const intent = await this.awaitingIntent(interaction, req, res);
      if (intent) await this.renderConsent(res, interaction, intent);
    });
  }

  @Post(':uid/login')
  async login(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    await this.handle(res, async () => {
      const interaction = await this.interaction(uid, req, res, 'login');
      const form = await readForm(req);
      const username = form.get('username') ?? '';
      const reply = await this.nats.request(Requests.authenticatePsu, { username, password: form.get('password') ?? '' });
      if (!reply.ok) return this.renderLogin(res, interaction, { username, error: 'The username or password is not right.' });
      await this.provider.interactionFinished(req, res, { login: { accountId: reply.value.psuId, acr: SCA_ACR, remember: false } });
    });
  }

  @Post(':uid/consent')
  async consent(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    await this.handle(res, async () => {
      const interaction = await this.interaction(uid, req, res, 'consent');
      const intent = await this.awaitingIntent(interaction, req, res);
      if (!intent) return;
      const form = await readForm(req);
      if (form.get('decision') !== 'approve') return this.deny(req, res, intent);

      const psuId = this.psuOf(interaction);
      const authorisation = await intent.authorise(psuId, form, await this.psuAccounts(psuId));
      if (authorisation.outcome === 'choose-again') return this.renderConsent(res, interaction, intent, authorisation.error);
      if (authorisation.outcome === 'refused') return this.finishWithError(req, res, 'access_denied', authorisation.message);
      const grantId = await grantForAuthorisation(this.provider, { interaction, psuId, grantableScopes: intent.grantableScopes, bankUrl: this.options.bankUrl });
      await this.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    });
  }

  /** The interaction of the cookie, which must be the one of the URL (and, for a form, at the expected prompt). */
  private async interaction(uid: string, req: IncomingMessage, res: ServerResponse, prompt?: string): Promise<Interaction> {
    let interaction: Interaction;
    try {
      interaction = await this.provider.interactionDetails(req, res);
    } catch {
      throw new InteractionProblem('This sign-in has expired or was already completed. Return to the app and start again.');
    }
    if (interaction.uid !== uid) throw new InteractionProblem('This page does not belong to your current sign-in.');
    if (prompt && interaction.prompt.name !== prompt) throw new InteractionProblem('This step of the sign-in is not the current one.');
    return interaction;
  }

  /** The consent the request names, if it still awaits authorisation; otherwise the request ends with access_denied. */
  private async awaitingIntent(interaction: Interaction, req: IncomingMessage, res: ServerResponse): Promise<IntentConsent | undefined> {
    const intent = await findIntentConsent(this.nats, String(intentIdOf(interaction.params.claims)), String(interaction.params.client_id));
    if (intent?.consent.status === 'AWAU') return intent;
    await this.finishWithError(req, res, 'access_denied', 'the consent can no longer be authorised');
    return undefined;
  }

  private async deny(req: IncomingMessage, res: ServerResponse, intent: IntentConsent): Promise<void> {
    await intent.reject();
    await this.finishWithError(req, res, 'access_denied', 'the PSU denied the consent');
  }

  private finishWithError(req: IncomingMessage, res: ServerResponse, error: string, description: string): Promise<void> {
    return this.provider.interactionFinished(req, res, { error, error_description: description }, { mergeWithLastSubmission: false });
  }

  private psuOf(interaction: Interaction): string {
    const psuId = interaction.session?.accountId;
    if (!psuId) throw new InteractionProblem('Sign in again to continue.');
    return psuId;
  }

  private async psuAccounts(psuId: string): Promise<PsuAccountSummary[]> {
    const reply = await this.nats.request(Requests.listPsuAccounts, { psuId });
    if (!reply.ok) throw new InteractionProblem('Your accounts cannot be listed right now. Try again later.');
    return reply.value;
  }

  private async clientName(interaction: Interaction): Promise<string> {
    const clientId = String(interaction.params.client_id);
    const client = await this.provider.Client.find(clientId);
    return client?.clientName ?? clientId;
  }

  private async renderLogin(res: ServerResponse, interaction: Interaction, extra: { username?: string; error?: string } = {}): Promise<void> {
    send(res, 200, loginPage({ uid: interaction.uid, clientName: await this.clientName(interaction), ...extra }));
  }

  private async renderConsent(res: ServerResponse, interaction: Interaction, intent: IntentConsent, error?: string): Promise<void> {
    const view = {
      uid: interaction.uid,
      clientName: await this.clientName(interaction),
      accounts: await this.psuAccounts(this.psuOf(interaction)),
      error,
    };
    send(res, 200, intent.consentPage(view));
  }

  private async handle(res: ServerResponse, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof InteractionProblem)) throw error;
      send(res, 400, problemPage(error.message));
    }
  }
}

/** Sends a page with the headers every page carries (never cached, never framed, no script: pageHeaders). */
function send(res: ServerResponse, status: number, page: SafeHtml): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(pageHeaders())) res.setHeader(name, value);
  res.end(page.value);
}
