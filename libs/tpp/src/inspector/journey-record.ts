import type { AuthorizationPurpose } from '../authorization-request';
import type { FintechProtocol } from '../fintech-protocol';

/** Who takes part in a journey: the lanes of its sequence diagram. */
export type Party = 'browser' | 'fintech' | 'as' | 'bank';

/** What a recorded step is, as far as the inspector teaches it (its rule sentence is keyed by this: step-rules.ts). */
export type StepKind =
  | 'discovery'
  | 'as-keys'
  | 'bank-keys'
  | 'client-credentials'
  | 'account-access-consent'
  | 'payment-consent'
  | 'par'
  | 'authorization'
  | 'callback'
  | 'code-exchange'
  | 'account-read'
  | 'consent-deletion'
  | 'payment-submission'
  | 'payment-read'
  | 'dpop-nonce-challenge'
  | 'fintech-refusal'
  | 'other';

/** Whether a JWT's signature verified, and with which key. */
export type SignatureCheck =
  | { verified: true; key: string }
  | { verified: false; reason: string };

/** A JWT of a step, decoded: never its compact form (a JARM response or an ID Token would carry a code or a hash of it). */
export interface DecodedJwt {
  /** Where it travelled ("request object", "DPoP proof", "access token"...). */
  label: string;
  header: Record<string, unknown>;
  /** The claims (with secrets in them shortened: redaction.ts); none for a detached signature, whose payload is the body. */
  claims?: Record<string, unknown>;
  /** Checked when the journey is shown, once every key it may name has been seen; absent until then. */
  signature?: SignatureCheck;
}

/** One step of a journey: an HTTP exchange with the AS or the bank, a browser leg, or the fintech refusing an answer. */
export interface RecordedStep {
  number: number;
  kind: StepKind;
  /** ISO time the step was recorded. */
  at: string;
  from: Party;
  to: Party;
  /** "POST /token", "redirect to the authorization endpoint". */
  title: string;
  method?: string;
  url?: string;
  status?: number;
  /** The FAPI and OB headers of the request and of the response, secrets shortened. */
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  /** Form fields, query parameters or the JSON body's top-level fields, secrets shortened (redaction.ts). */
  request?: Record<string, unknown>;
  response?: Record<string, unknown>;
  jwts: DecodedJwt[];
  /** The PKCE challenge sent with the authorization request (its verifier is shown only in the token request). */
  pkce?: { codeChallenge: string; method: 'S256' };
  /** The consent's status as the bank reported it in this step's answer. */
  consentStatus?: string;
  /** One sentence: which rule this step satisfies, with its clause (step-rules.ts). */
  rule: string;
  /** Why this step failed (an error status, no answer, or the fintech refusing what it got). */
  failure?: string;
}

/** A journey as recorded: what it was for, under which protocol, each step, and how it ended. */
export interface JourneyRecord {
  /** The journey's x-fapi-interaction-id. */
  id: string;
  purpose: AuthorizationPurpose['kind'];
  protocol: FintechProtocol;
  startedAt: string;
  steps: RecordedStep[];
  /** Steps left out once the journey reached its bound (a payment page reloading every few seconds). */
  stepsOmitted: number;
  /** Set when the journey failed: the step that failed and why, in the words the PSU was shown. */
  failure?: { step: number; code: string; reason: string };
}
