import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Interaction, Provider } from 'oidc-provider';
import { NatsContractClient, type PsuAccountSummary, Requests, type RpcReply } from '@fapi/nats-contract';
import type { AuthorizationServerOptions } from '../authorization-server-options';
import { findIntentConsent, type IntentConsent, rejectIntentConsent } from '../consents/intent-consents';
import { SCA_ACR } from '../provider/fapi-provider';
import { BANK_SCOPES } from '../rules/bank-resource';
import { GRANTABLE_SCOPES } from '../rules/grantable-scopes';
import { intentIdOf } from '../rules/request-names-an-intent';
import { AUTHORIZATION_SERVER_OPTIONS, OIDC_PROVIDER } from '../tokens';
import { accountsToShare, debtorAccountToPayFrom } from './account-choices';
import { readForm } from './form-body';
import { consentPage, loginPage, problemPage } from './pages';
import { paymentConsentPage } from './payment-consent-page';

class InteractionProblem extends Error {}

/** How an approval ended: authorised, refused by consent-service, or a choice the PSU has to make again. */
type Authorisation = { outcome: 'authorised' } | { outcome: 'refused'; message: string } | { outcome: 'choose-again'; error: string };

/**
 * The PSU's side of an authorization request: the login page (credentials checked by the bank) and the consent page
 * (the consent from consent-service, the PSU's accounts from the bank) as plain HTML forms. The consent page is the
 * one of the intent's kind: accounts to share for account access, the payment and its debtor account for a payment.
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
      const accounts = await this.psuAccounts(psuId);
      const authorisation = await this.authorise(intent, psuId, form, accounts);
      if (authorisation.outcome === 'choose-again') return this.renderConsent(res, interaction, intent, authorisation.error);
      if (authorisation.outcome === 'refused') return this.finishWithError(req, res, 'access_denied', authorisation.message);
      const grantId = await this.grantFor(interaction, psuId, GRANTABLE_SCOPES[intent.kind]);
      await this.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    });
  }

  /**
   * Authorises the consent with what the PSU chose on its page (the accounts to share, or the account to pay from);
   * a choice that cannot be accepted is answered as the error to show them.
   */
  private async authorise(
    { kind, consent }: IntentConsent,
    psuId: string,
    form: URLSearchParams,
    accounts: PsuAccountSummary[],
  ): Promise<Authorisation> {
    const { consentId, clientId } = consent;
    let reply: RpcReply<unknown>;
    if (kind === 'accountAccess') {
      const shared = accountsToShare(form, accounts);
      if (!shared.ok) return { outcome: 'choose-again', error: shared.error };
      reply = await this.nats.request(Requests.authoriseAccountAccessConsent, { consentId, clientId, psuId, accountIds: shared.value });
    } else {
      const debtor = debtorAccountToPayFrom(consent, form, accounts);
      if (!debtor.ok) return { outcome: 'choose-again', error: debtor.error };
      reply = await this.nats.request(Requests.authoriseDomesticPaymentConsent, { consentId, clientId, psuId, debtorAccountId: debtor.value });
    }
    return reply.ok ? { outcome: 'authorised' } : { outcome: 'refused', message: reply.error.message };
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
    await rejectIntentConsent(this.nats, intent);
    await this.finishWithError(req, res, 'access_denied', 'the PSU denied the consent');
  }

  private finishWithError(req: IncomingMessage, res: ServerResponse, error: string, description: string): Promise<void> {
    return this.provider.interactionFinished(req, res, { error, error_description: description }, { mergeWithLastSubmission: false });
  }

  /** A new grant for exactly this authorisation: the requested scopes the consent's kind allows, and the intent claim. */
  private async grantFor(interaction: Interaction, psuId: string, grantable: ReadonlySet<string>): Promise<string> {
    const requested = String(interaction.params.scope ?? '').split(' ').filter(Boolean);
    const grant = new this.provider.Grant({ accountId: psuId, clientId: String(interaction.params.client_id) });
    for (const scope of requested) {
      const granted = grantable.has(scope);
      if (granted) grant.addOIDCScope(scope);
      else grant.rejectOIDCScope(scope);
      if (BANK_SCOPES.includes(scope)) {
        if (granted) grant.addResourceScope(this.options.bankUrl, scope);
        else grant.rejectResourceScope(this.options.bankUrl, scope);
      }
    }
    grant.addOIDCClaims(['openbanking_intent_id']);
    return grant.save();
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
    const page = intent.kind === 'accountAccess' ? consentPage({ ...view, consent: intent.consent }) : paymentConsentPage({ ...view, consent: intent.consent });
    send(res, 200, page);
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

/** Pages are never cached, never framed, and run no script. */
function send(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  res.end(html);
}
