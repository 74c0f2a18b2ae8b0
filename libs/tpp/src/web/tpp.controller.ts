import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import { currentInteraction, INTERACTION_ID_HEADER } from '@fapi/nats-contract';
import { crossSiteFormPost, FORM_TOKEN_FIELD, formTokenMatches, PAGE_CSP, pageHeaders, type SafeHtml } from '@fapi/web-pages';
import type { AuthorizationPurpose, AuthorizationRequest } from '../authorization-request';
import { JOURNEYS_KEPT } from '../inspector/journey-recorder';
import { type AuthorizationOutcome, TppJourney } from '../journey';
import { paymentFormValues, validatePaymentForm } from '../payment-form';
import { type Session, SessionStore, sessionCookie, sessionIdFromCookies } from '../session-store';
import { accountPage, accountsPage, disconnectedPage, transactionsInPageOrder } from './account-pages';
import { flowsPage } from './flows-page';
import { INSPECTOR_ASSETS } from './inspector-assets';
import { INSPECTOR_CSP, inspectorPage, journeyExport, unknownJourneyPage } from './inspector-page';
import { describeJourneyError, ForgedForm, type JourneyErrorView, NoPendingAuthorization, UnknownAccount, UnknownPayment } from './journey-error';
import { callbackRelayPage, errorPage, homePage, paymentFormPage, RELAY_SCRIPT_SOURCE } from './pages';
import { listPage } from './paging';
import { paymentPage } from './payment-page';

/** The parts of Express's request and response these routes use. */
interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
  originalUrl: string;
  body?: unknown;
}
interface HttpResponse {
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): HttpResponse;
  send(body: string): void;
  end(): void;
}

/** Form fields (or query parameters) as the URLSearchParams openid-client reads; only plain string values count. */
function formParameters(body: unknown): URLSearchParams {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(body && typeof body === 'object' ? body : {})) {
    for (const one of [value].flat()) if (typeof one === 'string') parameters.append(name, one);
  }
  return parameters;
}

/**
 * The fintech's pages. Tokens and the authorization in progress stay in the server-side session; the browser holds
 * only the session cookie. The pages with a form start the session, whose token the form carries back
 * (postedFromOurPage): no other site can start a journey in the PSU's browser.
 */
@Controller()
export class TppController {
  private readonly logger = new Logger('TppClient');

  constructor(
    @Inject(TppJourney) private readonly journey: TppJourney,
    @Inject(SessionStore) private readonly sessions: SessionStore,
  ) {}

  private get fintechName(): string {
    return this.journey.tpp.clientName;
  }

  @Get()
  async home(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    const session = await this.browserSession(request, response);
    this.page(response, 200, homePage(this.fintechName, session.connection !== undefined, session.formToken, this.journey.protocol));
  }

  /** The flows the sandbox teaches, and how to run each (./flows-page.ts). */
  @Get('flows')
  flows(@Res() response: HttpResponse): void {
    this.page(response, 200, flowsPage(this.fintechName, this.journey.tpp.issuer));
  }

  /** Account access, steps 1-3, then off to the authorization server with the PSU. */
  @Post('connect')
  async connect(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    await this.authorize(request, response, 'account-access', () => this.journey.startAccountAccess());
  }

  @Get('pay')
  async payForm(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    this.page(response, 200, paymentFormPage(this.fintechName, (await this.browserSession(request, response)).formToken));
  }

  /** A payment: our page's form, checked (else shown again, 400, with what was typed), then steps 1-3 and off to the AS. */
  @Post('pay')
  async pay(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    await this.authorize(request, response, 'domestic-payment', async (session) => {
      const form = validatePaymentForm(paymentFormValues(request.body));
      if (form.valid) return this.journey.startPayment(form.order);
      this.page(response, 400, paymentFormPage(this.fintechName, session.formToken, form.values, form.errors));
      return undefined;
    });
  }

  /**
   * JARM comes back in the query (`response=<JWT>`). The hybrid response comes back in the fragment, which the server
   * cannot see: it answers with the page that posts the fragment to POST /callback.
   */
  @Get('callback')
  async callback(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    if (this.journey.protocol.response === 'hybrid') {
      this.page(response, 200, callbackRelayPage(this.fintechName), `${PAGE_CSP}; script-src ${RELAY_SCRIPT_SOURCE}; form-action 'self'`);
      return;
    }
    await this.finish(request, response, new URL(request.originalUrl, 'https://tpp.invalid').searchParams);
  }

  /** The authorization response as a form: the relayed hybrid fragment, or a form_post(.jwt) response. */
  @Post('callback')
  async callbackForm(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    await this.finish(request, response, formParameters(request.body));
  }

  /** Why the last authorization failed, kept in the session by the callback (which answered a redirect here). */
  @Get('result')
  async result(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    const failed = (await this.session(request))?.failedAuthorization;
    if (!failed) {
      this.seeOther(response, '/');
      return;
    }
    this.page(response, failed.error.status, errorPage(this.fintechName, failed.error, failed.consentId, failed.journeyId));
  }

  /** Step 5: what the PSU shared, read live from the bank: each account with its balances. */
  @Get('accounts')
  async accounts(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    const session = await this.connectedSession(request, response);
    if (!session) return;
    const { connection } = session;
    try {
      const shared = await this.journey.sharedAccounts(connection);
      this.page(response, 200, accountsPage(this.fintechName, connection.consentId, shared, session.formToken, this.journey.protocol, session.journeyInteractionId));
    } catch (error) {
      await this.failed(response, error);
    }
  }

  /** One shared account with a page of its transactions (`?page=`, newest first). */
  @Get('accounts/:accountId')
  async account(
    @Param('accountId') accountId: string,
    @Query('page') requestedPage: unknown,
    @Req() request: HttpRequest,
    @Res() response: HttpResponse,
  ): Promise<void> {
    const session = await this.connectedSession(request, response);
    if (!session) return;
    const { connection } = session;
    try {
      const shared = await this.journey.sharedAccount(connection, accountId);
      if (!shared) throw new UnknownAccount(accountId);
      const page = listPage(transactionsInPageOrder(shared.transactions), typeof requestedPage === 'string' ? requestedPage : undefined);
      this.page(response, 200, accountPage(this.fintechName, connection.consentId, shared, page));
    } catch (error) {
      await this.failed(response, error);
    }
  }

  /**
   * "Disconnect your bank", from our accounts page: the bank deletes the consent (and from then on refuses its
   * token), then the session forgets the connection. Should the bank not confirm, the connection is kept, so that the
   * PSU can try again, and the failure is shown.
   */
  @Post('disconnect')
  async disconnect(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    try {
      const session = await this.postedFromOurPage(request);
      this.continueJourney(session);
      const connection = session.connection;
      if (connection) {
        await this.journey.disconnect(connection);
        session.connection = undefined;
        session.disconnectedConsentId = connection.consentId;
        await this.sessions.save(session);
      }
      this.seeOther(response, session.disconnectedConsentId ? '/disconnected' : '/');
    } catch (error) {
      await this.failed(response, error);
    }
  }

  @Get('disconnected')
  async disconnected(@Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    const session = await this.session(request);
    if (!session?.disconnectedConsentId || session.connection) {
      this.seeOther(response, '/');
      return;
    }
    this.page(response, 200, disconnectedPage(this.fintechName, session.disconnectedConsentId, session.formToken));
  }

  /** A payment made from this browser, as the bank has it now, with its history (reload to follow its settlement). */
  @Get('payments/:paymentId')
  async payment(@Param('paymentId') paymentId: string, @Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    const session = await this.session(request);
    if (session) this.continueJourney(session);
    try {
      if (!session?.paymentIds.includes(paymentId)) throw new UnknownPayment(paymentId);
      this.page(response, 200, paymentPage(this.fintechName, await this.journey.payment(paymentId), this.journey.protocol, session.journeyInteractionId));
    } catch (error) {
      await this.failed(response, error);
    }
  }

  /**
   * The flow inspector: `/journeys/<id>` is the journey's page, `/journeys/<id>.json` its export (the same redacted
   * record, for a handout or a bug report). Only the browser that ran a journey may see it.
   */
  @Get('journeys/:file')
  async inspectJourney(@Param('file') file: string, @Req() request: HttpRequest, @Res() response: HttpResponse): Promise<void> {
    const exported = file.endsWith('.json');
    const id = exported ? file.slice(0, -'.json'.length) : file;
    const journey = (await this.session(request))?.journeyIds.includes(id) ? await this.journey.recorder.journey(id) : undefined;
    if (!journey) {
      this.page(response, 404, unknownJourneyPage(this.fintechName));
      return;
    }
    if (!exported) {
      this.page(response, 200, inspectorPage(this.fintechName, journey), INSPECTOR_CSP);
      return;
    }
    response.status(200);
    for (const [name, value] of Object.entries(pageHeaders())) response.setHeader(name, value);
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="journey-${id}.json"`);
    response.send(journeyExport(journey));
  }

  /** The inspector page's script, styles and diagram library (from node_modules), served from this origin. */
  @Get('inspector/:asset')
  inspectorAsset(@Param('asset') name: string, @Res() response: HttpResponse): void {
    const asset = Object.hasOwn(INSPECTOR_ASSETS, name) ? INSPECTOR_ASSETS[name] : undefined;
    if (!asset) {
      response.status(404).end();
      return;
    }
    response.status(200).setHeader('content-type', asset.contentType).setHeader('cache-control', 'public, max-age=3600').setHeader('x-content-type-options', 'nosniff');
    response.send(asset.body());
  }

  /**
   * Steps 1-3 of either journey, for a form posted from our own page: the pending authorization is kept in the
   * session, the browser sent to the AS. `start` answers nothing when it answered the browser itself. The journey is
   * recorded for the flow inspector from here on, under its interaction id.
   */
  private async authorize(
    request: HttpRequest,
    response: HttpResponse,
    purpose: AuthorizationPurpose['kind'],
    start: (session: Session) => Promise<AuthorizationRequest | undefined>,
  ): Promise<void> {
    try {
      const session = await this.postedFromOurPage(request);
      session.journeyInteractionId = randomUUID();
      session.journeyIds = [...session.journeyIds, session.journeyInteractionId].slice(-JOURNEYS_KEPT);
      await this.sessions.save(session);
      await this.journey.recorder.start(session.journeyInteractionId, purpose);
      this.continueJourney(session);
      const started = await start(session);
      if (!started) return;
      await this.sessions.remember(session, started.pending);
      this.seeOther(response, started.url.href, session);
    } catch (error) {
      await this.failed(response, error);
    }
  }

  /**
   * The session of a state-changing form, which must come from one of our pages in this browser: not posted from
   * another site (Origin, Sec-Fetch-Site), and carrying the session's form token (else 403).
   */
  private async postedFromOurPage(request: HttpRequest): Promise<Session> {
    const crossSite = crossSiteFormPost(request.headers, this.ownOrigin);
    if (crossSite) throw new ForgedForm('cross_site_form', crossSite);
    const session = await this.session(request);
    const token = formParameters(request.body).get(FORM_TOKEN_FIELD);
    if (!session || !formTokenMatches(token, session.formToken)) throw new ForgedForm('invalid_form_token', 'its form token is missing or wrong');
    return session;
  }

  /** The browser's session, started (and its cookie set) for a page whose form needs its token. */
  private async browserSession(request: HttpRequest, response: HttpResponse): Promise<Session> {
    const existing = await this.session(request);
    if (existing) return existing;
    const session = await this.sessions.create();
    response.setHeader('set-cookie', sessionCookie(session.id));
    return session;
  }

  /** Where our own pages are served from: the origin of our redirect URI. */
  private get ownOrigin(): string {
    return new URL(this.journey.redirectUri).origin;
  }

  /**
   * Steps 4-5: the pending authorization is used once; on success the session gets a new id. Either way the answer is
   * a redirect to a clean address (the page of the outcome, or /result for a failure), so the bank's response (a JARM
   * JWT, a code) neither stays in the address bar nor is sent again by a reload; a browser that came without a
   * session gets one to carry the failure.
   */
  private async finish(request: HttpRequest, response: HttpResponse, parameters: URLSearchParams): Promise<void> {
    const session = await this.session(request);
    if (session) this.continueJourney(session);
    const pending = await this.sessions.takePending(session);
    try {
      if (!session || !pending) throw new NoPendingAuthorization();
      const location = this.keep(session, await this.journey.finish(pending, parameters));
      this.seeOther(response, location, await this.sessions.rotate(session));
    } catch (error) {
      const view = await this.describeFailure(error, pending?.purpose.kind);
      const shown = session ?? (await this.browserSession(request, response));
      shown.failedAuthorization = { error: view, consentId: pending?.consentId, journeyId: session?.journeyInteractionId };
      await this.sessions.save(shown);
      this.seeOther(response, '/result');
    }
  }

  /** Keeps what the authorization led to in the session; returns the page that shows it. */
  private keep(session: Session, outcome: AuthorizationOutcome): string {
    if (outcome.kind === 'account-access') {
      session.connection = outcome.connection;
      return '/accounts';
    }
    session.paymentIds.push(outcome.payment.DomesticPaymentId);
    return `/payments/${encodeURIComponent(outcome.payment.DomesticPaymentId)}`;
  }

  /** The session of a PSU whose accounts we may read, in its journey; without a connection the PSU is sent home. */
  private async connectedSession(request: HttpRequest, response: HttpResponse): Promise<(Session & Required<Pick<Session, 'connection'>>) | undefined> {
    const session = await this.session(request);
    if (!session?.connection) {
      this.seeOther(response, '/');
      return undefined;
    }
    this.continueJourney(session);
    return session as Session & Required<Pick<Session, 'connection'>>;
  }

  /**
   * This request (its log line, its calls to the AS and the bank) becomes part of the session's journey: its
   * interaction takes the journey's id.
   */
  private continueJourney(session: Session): void {
    const interaction = currentInteraction();
    if (interaction && session.journeyInteractionId) interaction.interactionId = session.journeyInteractionId;
  }

  /** Every answer names its interaction (the journey's, once started), as the bank's do: what a PSU can quote to support. */
  private answerWithInteractionId(response: HttpResponse): void {
    const interaction = currentInteraction();
    if (interaction) response.setHeader(INTERACTION_ID_HEADER, interaction.interactionId);
  }

  private session(request: HttpRequest): Promise<Session | undefined> {
    const cookie = request.headers.cookie;
    return this.sessions.find(sessionIdFromCookies(typeof cookie === 'string' ? cookie : undefined));
  }

  private page(response: HttpResponse, status: number, body: SafeHtml, csp = PAGE_CSP): void {
    this.answerWithInteractionId(response);
    response.status(status);
    for (const [name, value] of Object.entries(pageHeaders(csp))) response.setHeader(name, value);
    response.send(body.value);
  }

  private seeOther(response: HttpResponse, location: string, session?: Session): void {
    this.answerWithInteractionId(response);
    if (session) response.setHeader('set-cookie', sessionCookie(session.id));
    response.status(303).setHeader('location', location).setHeader('cache-control', 'no-store').end();
  }

  /** A failure outside the callback, shown as our error page with its status. */
  private async failed(response: HttpResponse, error: unknown): Promise<void> {
    const view = await this.describeFailure(error);
    this.page(response, view.status, errorPage(this.fintechName, view, undefined, (await this.journey.recorder.current())?.id));
  }

  /**
   * What the PSU is told about a failure; the log keeps the cause (never a token: errors carry none). `purpose`: what
   * the PSU was asked to authorise, for a failure at the callback.
   */
  private async describeFailure(error: unknown, purpose?: AuthorizationPurpose['kind']): Promise<JourneyErrorView> {
    const view = describeJourneyError(error, purpose);
    await this.journey.recorder.fail(view.code, view.message);
    this.logger.warn(`${view.status} ${view.code}: ${error instanceof Error ? error.message : String(error)}`);
    return view;
  }
}
