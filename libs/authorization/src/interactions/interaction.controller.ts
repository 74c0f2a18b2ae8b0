import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Interaction, Provider } from 'oidc-provider';
import { type AccountAccessConsent, NatsContractClient, Requests } from '@fapi/nats-contract';
import type { AuthorizationServerOptions } from '../authorization-server-options';
import { SCA_ACR } from '../provider/fapi-provider';
import { BANK_SCOPES } from '../rules/bank-resource';
import { intentIdOf } from '../rules/request-names-an-intent';
import { AUTHORIZATION_SERVER_OPTIONS, OIDC_PROVIDER } from '../tokens';
import { readForm } from './form-body';
import { consentPage, loginPage, problemPage } from './pages';

/** What the PSU can grant on the consent page: identity for the id_token and the bank's account-information scope. */
const GRANTABLE_SCOPES = new Set(['openid', 'accounts']);

class InteractionProblem extends Error {}

/**
 * The PSU's side of an authorization request: the login page (credentials checked by the bank) and the consent page
 * (the consent from consent-service, the PSU's accounts from the bank) as plain HTML forms.
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
      const consent = await this.awaitingConsent(interaction, req, res);
      if (consent) await this.renderConsent(res, interaction, consent);
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
      const consent = await this.awaitingConsent(interaction, req, res);
      if (!consent) return;
      const form = await readForm(req);
      if (form.get('decision') !== 'approve') return this.deny(req, res, consent);

      const psuId = this.psuOf(interaction);
      const accounts = await this.psuAccounts(psuId);
      const chosen = [...new Set(form.getAll('accountIds'))];
      if (chosen.length === 0 || chosen.some((id) => !accounts.some((a) => a.accountId === id))) {
        return this.renderConsent(res, interaction, consent, 'Choose at least one of your accounts to share, or deny the request.');
      }
      const authorised = await this.nats.request(Requests.authoriseAccountAccessConsent, {
        consentId: consent.consentId,
        clientId: consent.clientId,
        psuId,
        accountIds: chosen,
      });
      if (!authorised.ok) return this.finishWithError(req, res, 'access_denied', authorised.error.message);
      const grantId = await this.grantFor(interaction, psuId);
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
  private async awaitingConsent(interaction: Interaction, req: IncomingMessage, res: ServerResponse): Promise<AccountAccessConsent | undefined> {
    const consentId = intentIdOf(interaction.params.claims);
    const reply = await this.nats.request(Requests.getAccountAccessConsent, {
      consentId: String(consentId),
      clientId: String(interaction.params.client_id),
    });
    if (reply.ok && reply.value.status === 'AWAU') return reply.value;
    await this.finishWithError(req, res, 'access_denied', 'the consent can no longer be authorised');
    return undefined;
  }

  private async deny(req: IncomingMessage, res: ServerResponse, consent: AccountAccessConsent): Promise<void> {
    await this.nats.request(Requests.rejectAccountAccessConsent, { consentId: consent.consentId, clientId: consent.clientId });
    await this.finishWithError(req, res, 'access_denied', 'the PSU denied the consent');
  }

  private finishWithError(req: IncomingMessage, res: ServerResponse, error: string, description: string): Promise<void> {
    return this.provider.interactionFinished(req, res, { error, error_description: description }, { mergeWithLastSubmission: false });
  }

  /** A new grant for exactly this authorisation: openid, the account-information scope and the intent claim. */
  private async grantFor(interaction: Interaction, psuId: string): Promise<string> {
    const requested = String(interaction.params.scope ?? '').split(' ').filter(Boolean);
    const grant = new this.provider.Grant({ accountId: psuId, clientId: String(interaction.params.client_id) });
    for (const scope of requested) {
      const granted = GRANTABLE_SCOPES.has(scope);
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

  private async psuAccounts(psuId: string) {
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

  private async renderConsent(res: ServerResponse, interaction: Interaction, consent: AccountAccessConsent, error?: string): Promise<void> {
    const accounts = await this.psuAccounts(this.psuOf(interaction));
    send(res, 200, consentPage({ uid: interaction.uid, clientName: await this.clientName(interaction), consent, accounts, error }));
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
