import { Psu } from '../support/psu';
import { type OwnFintech, startOwnFintech } from '../support/own-fintech';
import { sandbox } from '../support/sandbox-state';

/** A payee at another bank: the payment settles (ACSC) without crediting any sandbox account other stories read. */
const CORNER_SHOP = { payeeName: 'Corner Shop', sortCode: '40-47-84', accountNumber: '70872490', amount: '3.20', reference: 'Milk' };
const FINAL_STATUSES = ['ACSC', 'ACCC', 'RJCT'];

// The tokens are bound as registered (the AS binds every token of a DPoP client to its key, of an mTLS client to its
// certificate) and the bank refuses a token presented otherwise: accounts read and a payment made prove the binding.
describe.each([
  {
    story: 'a DPoP-bound FAPI 2.0 fintech (signed requests, JARM)',
    fintechName: 'Pocket Money DPoP',
    onboarding: ['--profile', 'fapi2', '--auth-method', 'private_key_jwt', '--sender-constraint', 'dpop'],
    protocol: { standard: 'FAPI 2.0', senderConstraint: 'dpop', response: 'jarm' },
    psu: { username: 'noah', password: 'noah-sandbox-pass', shares: ['acc-noah-savings'], paysFrom: 'acc-noah-savings' },
    /** JARM: the response is one signed JWT in the query. */
    callbackCarries: (query: URLSearchParams) => query.has('response') && !query.has('code'),
    /** RFC 9449: the flow inspector shows a DPoP proof, verified, wherever a token is asked for or presented. */
    dpopProofsShown: true,
  },
  {
    story: 'an mTLS-bound FAPI 2.0 fintech (plain pushed requests, code + iss)',
    fintechName: 'Pocket Money mTLS',
    onboarding: ['--profile', 'fapi2', '--auth-method', 'tls_client_auth', '--sender-constraint', 'mtls', '--request-object', 'unsigned'],
    protocol: { standard: 'FAPI 2.0', senderConstraint: 'mtls', response: 'plain' },
    psu: { username: 'ava', password: 'ava-sandbox-pass', shares: ['acc-ava-everyday'], paysFrom: 'acc-ava-everyday' },
    /** RFC 9207: the plain response names the AS that sent it. */
    callbackCarries: (query: URLSearchParams) => query.has('code') && query.get('iss') === sandbox().issuer,
    dpopProofsShown: false,
  },
])('$story shares accounts and pays', ({ fintechName, onboarding, protocol, psu: who, callbackCarries, dpopProofsShown }) => {
  let fintech: OwnFintech;

  beforeAll(async () => {
    fintech = await startOwnFintech(fintechName, onboarding);
  });

  afterAll(async () => {
    await fintech?.stop();
  });

  const protocolShown = (page: { $: (selector: string) => { attr(name: string): string | undefined } }) => ({
    standard: page.$('#fintech-protocol').attr('data-standard'),
    senderConstraint: page.$('#fintech-protocol').attr('data-sender-constraint'),
    response: page.$('#fintech-protocol').attr('data-response'),
  });

  it('shares accounts: the PSU connects through PAR, the fintech reads what they shared with its bound tokens', async () => {
    const psu = new Psu(who.username, who.password);
    try {
      const login = await psu.connectBankAt(fintech.url);
      expect(new URL(login.url).origin).toBe(sandbox().issuer);
      expect(psu.browser.history.some((url) => url.includes('request_uri=urn'))).toBe(true); // pushed (PAR)

      const accounts = await psu.approve(await psu.logIn(login), who.shares);
      expect(accounts.url).toBe(`${fintech.url}/accounts`);
      const callback = psu.browser.history.find((url) => url.startsWith(`${fintech.url}/callback?`));
      expect(callbackCarries(new URL(callback as string).searchParams)).toBe(true);
      expect(accounts.$('section.account').map((_, section) => accounts.$(section).attr('data-account-id')).get()).toEqual(who.shares);
      expect(accounts.$('dd.balance').length).toBeGreaterThan(0);
      expect(protocolShown(accounts)).toEqual(protocol);

      const inspector = await psu.browser.open(new URL(accounts.$('#inspector-link').attr('href') as string, fintech.url).toString());
      const verifiedProofs = (kind: string) => inspector.$(`li[data-kind=${kind}] .jwt[data-label="DPoP proof"] .signature-ok`).length;
      const proofs = ['par', 'code-exchange', 'account-read'].map((kind) => verifiedProofs(kind) > 0);
      expect(proofs).toEqual([dpopProofsShown, dpopProofsShown, dpopProofsShown]);
    } finally {
      await psu.close();
    }
  });

  it('pays: the PSU approves the payment at the bank and follows it to its final status on the fintech', async () => {
    const psu = new Psu(who.username, who.password);
    try {
      const form = await psu.browser.open(`${fintech.url}/pay`);
      const login = await psu.browser.submit(form, 'form#payment-form', CORNER_SHOP);
      const consentPage = await psu.logIn(login);
      let payment = await psu.browser.submit(consentPage, 'form[action$="/consent"]', { debtorAccountId: who.paysFrom }, '[value=approve]');
      expect(payment.$('main#payment').length).toBe(1);
      for (let reload = 0; reload < 50 && !FINAL_STATUSES.includes(payment.$('main#payment').attr('data-status') as string); reload++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        payment = await psu.browser.open(new URL(payment.$('a#refresh-link').attr('href') as string, fintech.url).toString());
      }
      expect(payment.$('main#payment').attr('data-status')).toBe('ACSC');
      expect(payment.$('.payment-amount').attr('data-amount')).toBe('3.20');
      expect(payment.$('.payee-name').text()).toBe('Corner Shop');
      expect(protocolShown(payment)).toEqual(protocol);
    } finally {
      await psu.close();
    }
  });
});
