import { fintechProtocol, type FintechProtocol } from '../fintech-protocol';
import type { StepKind } from './journey-record';
import { stepRule } from './step-rules';

const PROTOCOLS: FintechProtocol[] = [
  fintechProtocol({ profile: 'fapi1-advanced', responseStyle: 'jarm', senderConstraint: 'mtls', requestObject: 'signed' }),
  fintechProtocol({ profile: 'fapi1-advanced', responseStyle: 'hybrid', senderConstraint: 'mtls', requestObject: 'signed' }),
  fintechProtocol({ profile: 'fapi2', senderConstraint: 'dpop', requestObject: 'unsigned' }),
  fintechProtocol({ profile: 'fapi2', senderConstraint: 'mtls', requestObject: 'signed' }),
];

const KINDS: StepKind[] = [
  'discovery',
  'as-keys',
  'bank-keys',
  'client-credentials',
  'account-access-consent',
  'payment-consent',
  'par',
  'authorization',
  'callback',
  'code-exchange',
  'account-read',
  'consent-deletion',
  'payment-submission',
  'payment-read',
  'dpop-nonce-challenge',
  'fintech-refusal',
  'other',
];

/** A clause the sentence cites: a FAPI, UK OB, OpenID or RFC one, with its number. */
const CITES_A_CLAUSE = /(FAPI 1\.0 (Advanced|Baseline) \d\.\d|FAPI 2\.0 (Security Profile|Message Signing) \d\.\d|UK OB v4\.0|OpenID Connect (Core|Discovery 1\.0) \d|RFC \d{4} \d)/;

describe('each step of the flow inspector says which rule it satisfies, with the clause (step-rules.ts)', () => {
  it.each(PROTOCOLS.flatMap((protocol) => KINDS.map((kind) => ({ kind, protocol, name: `${protocol.standard} ${protocol.response} ${protocol.senderConstraint}` }))))(
    '$kind under $name: one sentence citing its clause',
    ({ kind, protocol }) => {
      const rule = stepRule(kind, protocol);
      expect(rule).toMatch(CITES_A_CLAUSE);
      expect(rule).toMatch(/^[^\n]+\.$/);
    },
  );

  it('PAR under FAPI 1.0: "FAPI 1.0 Advanced 5.2.2-18: PKCE S256 with PAR"; under FAPI 2.0 its own clauses', () => {
    expect(stepRule('par', PROTOCOLS[0])).toMatch(/^FAPI 1\.0 Advanced 5\.2\.2-18: PKCE S256 with PAR/);
    expect(stepRule('par', PROTOCOLS[2])).toMatch(/^FAPI 2\.0 Security Profile 5\.3\.2\.2-3 and -5/);
  });

  it('the response rule follows how the response is protected: JARM, hybrid (detached ID Token) or plain (RFC 9207 iss)', () => {
    expect(PROTOCOLS.map((protocol) => stepRule('callback', protocol).split(':')[0])).toEqual([
      'JARM (FAPI 1.0 Advanced 5.2.2-2, FAPI 2.0 Message Signing 5.4)',
      'FAPI 1.0 Advanced 5.2.2.1',
      'RFC 9207 2.4 (FAPI 2.0 Security Profile 5.3.3)',
      'JARM (FAPI 1.0 Advanced 5.2.2-2, FAPI 2.0 Message Signing 5.4)',
    ]);
  });

  it('the token and bank-call rules follow the binding: RFC 8705 for mTLS, RFC 9449 for DPoP', () => {
    expect(stepRule('code-exchange', PROTOCOLS[0])).toMatch(/^RFC 8705 3/);
    expect(stepRule('code-exchange', PROTOCOLS[2])).toMatch(/^RFC 9449 5/);
    expect(stepRule('account-read', PROTOCOLS[2])).toMatch(/^RFC 9449 7/);
  });

  it('the payment POSTs say x-idempotency-key makes them safe to retry (UK OB v4.0)', () => {
    for (const kind of ['payment-consent', 'payment-submission'] as const) {
      expect(stepRule(kind, PROTOCOLS[0])).toMatch(/^UK OB v4\.0 PIS: .*x-idempotency-key makes this POST safe to retry/);
    }
  });
});
