import { OB_CRIT, OB_SIGNING_ALG, ObClaim } from './ob-signature-header';
import { SignatureErrorCode, SignatureRefused } from './signature-refused';

/**
 * The OB checks of a message signature's JOSE header (read-write-data-api-profile.md "Process for Verifying a
 * Signature", step 2, with the header it refers to from "Process for Signing a Payload", step 2). Each throws the
 * SignatureRefused its rule calls for.
 */

type JoseHeader = Record<string, unknown>;

/** What the verifier expects of the claims it can only judge with context. */
export interface ClaimExpectations {
  /** The PSP that must have signed; any when undefined (the caller then checks the returned `iss`). */
  expectedIss?: string;
  expectedTan: string;
  now: Date;
  /** How old `iat` may be; no limit when undefined (OB only asks for a past time). */
  maxAgeSeconds?: number;
}

/** How far in the future `iat` may be, for clocks that disagree slightly. */
export const IAT_CLOCK_SKEW_SECONDS = 60;

const HEADER_CLAIMS = new Set(['alg', 'kid', 'typ', 'cty', 'crit', ObClaim.iat, ObClaim.iss, ObClaim.tan]);
const MANDATORY_CLAIMS = ['alg', 'kid', ObClaim.iat, ObClaim.iss, ObClaim.tan, 'crit'];
const JSON_CONTENT_TYPES = ['json', 'application/json'];

const invalidClaim = (claim: string, reason: string) => new SignatureRefused(SignatureErrorCode.InvalidClaim, reason, claim);
const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/**
 * OB: the header is "a valid JSON object with only the claims specified" — so `b64`, part of the header only in
 * v3.1.0–3.1.3 (unencoded payload), is refused like any other extra claim.
 */
export function onlyObHeaderClaims(header: JoseHeader): void {
  const extra = Object.keys(header).find((claim) => !HEADER_CLAIMS.has(claim));
  if (extra !== undefined) {
    throw invalidClaim(extra, `the JOSE header may not carry ${extra}: only alg, kid, typ, cty, crit and the http://openbanking.org.uk claims`);
  }
}

/** OB: alg, kid, the iat/iss/tan claims and crit are mandatory; the Path names every one missing. */
export function mandatoryClaimsPresent(header: JoseHeader): void {
  const missing = MANDATORY_CLAIMS.filter((claim) => header[claim] === undefined).join(', ');
  if (missing) throw new SignatureRefused(SignatureErrorCode.MissingClaim, `the JOSE header lacks the mandatory claim(s) ${missing}`, missing);
}

/** OB: "The signer must sign the message with PS256" — RS256, ES256, none and every other alg are refused. */
export function algIsPs256(header: JoseHeader): void {
  if (header.alg !== OB_SIGNING_ALG) throw invalidClaim('alg', `alg must be ${OB_SIGNING_ALG}, not ${shown(header.alg)}`);
}

/** OB: typ is optional; if present it is JOSE. */
export function typIsJose(header: JoseHeader): void {
  if (header.typ !== undefined && header.typ !== 'JOSE') throw invalidClaim('typ', `typ must be JOSE when present, not ${shown(header.typ)}`);
}

/** OB: cty is optional; if present it names the JSON payload the API exchanges (json or application/json). */
export function ctyIsJson(header: JoseHeader): void {
  if (header.cty !== undefined && !JSON_CONTENT_TYPES.includes(header.cty as string)) {
    throw invalidClaim('cty', `cty must be json or application/json when present, not ${shown(header.cty)}`);
  }
}

/** OB: crit lists exactly the three OB claims — none left out, none repeated, no "additional critical elements". */
export function critIsExactlyTheObClaims(header: JoseHeader): void {
  const { crit } = header;
  const exact = Array.isArray(crit) && crit.length === OB_CRIT.length && OB_CRIT.every((claim) => crit.includes(claim));
  if (!exact) throw invalidClaim('crit', `crit must list exactly ${OB_CRIT.join(', ')}, not ${shown(crit)}`);
}

/**
 * OB: iat is a JSON number of seconds "set in the past" (allowing IAT_CLOCK_SKEW_SECONDS), and no older than
 * `maxAgeSeconds` when the verifier sets a limit.
 */
export function iatInThePast(header: JoseHeader, { now, maxAgeSeconds }: ClaimExpectations): void {
  const iat = header[ObClaim.iat];
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    throw invalidClaim(ObClaim.iat, `${ObClaim.iat} must be a JSON number of seconds, not ${shown(iat)}`);
  }
  const nowSeconds = now.getTime() / 1000;
  if (iat > nowSeconds + IAT_CLOCK_SKEW_SECONDS) throw invalidClaim(ObClaim.iat, `${ObClaim.iat} ${iat} is in the future`);
  if (maxAgeSeconds !== undefined && iat < nowSeconds - maxAgeSeconds) {
    throw invalidClaim(ObClaim.iat, `${ObClaim.iat} ${iat} is more than ${maxAgeSeconds} seconds old`);
  }
}

/** OB: "the PSP bound to the iss claim matches the expected PSP". */
export function issIsTheExpectedPsp(header: JoseHeader, { expectedIss }: ClaimExpectations): void {
  const iss = header[ObClaim.iss];
  if (typeof iss !== 'string' || !iss) throw invalidClaim(ObClaim.iss, `${ObClaim.iss} must be a non-empty string, not ${shown(iss)}`);
  if (expectedIss !== undefined && iss !== expectedIss) throw invalidClaim(ObClaim.iss, `${ObClaim.iss} ${shown(iss)} is not the expected signer`);
}

/** OB: tan "contains the DNS name of a Trust Anchor that it trusts". */
export function tanIsTrusted(header: JoseHeader, { expectedTan }: ClaimExpectations): void {
  const tan = header[ObClaim.tan];
  if (tan !== expectedTan) throw invalidClaim(ObClaim.tan, `${ObClaim.tan} ${shown(tan)} is not the trusted trust anchor ${expectedTan}`);
}
