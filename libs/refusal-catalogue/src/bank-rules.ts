import type { RefusalRule } from './refusal-rule';

const OB = 'UK Open Banking Read/Write API v4.0';

/**
 * The rules the bank refuses a request by, 403 (U006, or U009 for a consent's status) with the rule in
 * Errors[].Message: what the access token grants and what its consent allows (libs/bank/src/access, aisp/access,
 * pisp/access, one rule per function).
 */
export const BANK_ACCESS_RULES = {
  resourceKnown: {
    id: 'ob.resource.known-id',
    standard: OB,
    clause: 'error codes (U011 resource not found)',
    expected: 'the id names a resource of the bank',
  },
  tokenScope: {
    id: 'ob.token.scope',
    standard: OB,
    clause: 'Security Profile: scopes',
    expected: 'the access token grants the scope of the API (accounts for AISP, payments for PISP)',
  },
  clientCredentialsToken: {
    id: 'ob.token.client-credentials',
    standard: OB,
    clause: 'Security Profile: client credentials grant',
    expected: "the TPP's own endpoints (consents, payment status) take a client-credentials access token",
  },
  psuAuthorisedToken: {
    id: 'ob.token.psu-authorised',
    standard: OB,
    clause: 'Security Profile: authorization code grant',
    expected: 'endpoints acting for a PSU take an access token the PSU authorised for a consent',
  },
  consentExists: {
    id: 'ob.consent.exists',
    standard: OB,
    clause: 'consent authorisation',
    expected: "the access token's consent exists",
  },
  consentOfClient: {
    id: 'ob.consent.of-client',
    standard: OB,
    clause: 'consent authorisation',
    expected: "the access token's consent belongs to the client the token was issued to",
  },
  consentOfPsu: {
    id: 'ob.consent.of-psu',
    standard: OB,
    clause: 'consent authorisation',
    expected: "the access token's consent was authorised by the PSU the token was issued for",
  },
  tokenForConsent: {
    id: 'ob.consent.of-token',
    standard: OB,
    clause: 'consent authorisation',
    expected: 'a request about a consent uses the access token authorised for that consent',
  },
  consentAuthorised: {
    id: 'ob.consent.authorised',
    standard: OB,
    clause: 'consent status',
    expected: 'the consent is AUTH',
  },
  consentNotExpired: {
    id: 'ob.consent.not-expired',
    standard: OB,
    clause: 'account-access-consents ExpirationDateTime',
    expected: 'the consent ExpirationDateTime has not passed',
  },
  consentPermission: {
    id: 'ob.consent.permission',
    standard: OB,
    clause: 'Account and Transaction API permissions',
    expected: 'the consent carries a permission the endpoint needs',
  },
  consentAccount: {
    id: 'ob.consent.account',
    standard: OB,
    clause: 'account-access-consents',
    expected: 'the account is one the PSU shared in the consent',
  },
  paymentConsentUsable: {
    id: 'ob.payment-consent.one-payment',
    standard: OB,
    clause: 'domestic-payment-consents status',
    expected: 'a payment consent is AUTH and makes one payment',
  },
} as const satisfies Record<string, RefusalRule>;
