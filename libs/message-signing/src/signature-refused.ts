import { OB_ERROR_CODES, ObError, obError, type ObErrorCode } from '@fapi/open-banking';
import { type RefusalRule, refusalText, SIGNATURE_RULES } from '@fapi/refusal-catalogue';

type ObErrorName = (typeof OB_ERROR_CODES)[ObErrorCode]['name'];
type CodeNamed<Name extends ObErrorName> = { [Code in ObErrorCode]: (typeof OB_ERROR_CODES)[Code]['name'] extends Name ? Code : never }[ObErrorCode];

/** The v4 U-code that replaced a v3.1 error name, looked up in OB_ERROR_CODES (typed, so a name not there fails to compile). */
function codeNamed<Name extends ObErrorName>(name: Name): CodeNamed<Name> {
  return (Object.keys(OB_ERROR_CODES) as ObErrorCode[]).find((code) => OB_ERROR_CODES[code].name === name) as CodeNamed<Name>;
}

/** The OB signature error codes (v3.1 `UK.OBIE.Signature.*`, v4 U015–U020), by their v3.1 names. */
export const SignatureErrorCode = {
  /** The header complies, but the signature does not verify. */
  Invalid: codeNamed('UK.OBIE.Signature.Invalid'),
  /** A header claim has an invalid value (e.g. a kid that resolves to no key). */
  InvalidClaim: codeNamed('UK.OBIE.Signature.InvalidClaim'),
  /** A mandatory header claim is absent. */
  MissingClaim: codeNamed('UK.OBIE.Signature.MissingClaim'),
  /** Not parseable as a (detached) JWS. */
  Malformed: codeNamed('UK.OBIE.Signature.Malformed'),
  /** A signed endpoint got no x-jws-signature. */
  Missing: codeNamed('UK.OBIE.Signature.Missing'),
  /** An x-jws-signature where none is expected. */
  Unexpected: codeNamed('UK.OBIE.Signature.Unexpected'),
} as const;
export type SignatureErrorCode = (typeof SignatureErrorCode)[keyof typeof SignatureErrorCode];

/** The catalogue's rule each signature error code refuses by. */
const RULE_OF_CODE: Record<SignatureErrorCode, RefusalRule> = {
  [SignatureErrorCode.Invalid]: SIGNATURE_RULES.invalid,
  [SignatureErrorCode.InvalidClaim]: SIGNATURE_RULES.invalidClaim,
  [SignatureErrorCode.MissingClaim]: SIGNATURE_RULES.missingClaim,
  [SignatureErrorCode.Malformed]: SIGNATURE_RULES.malformed,
  [SignatureErrorCode.Missing]: SIGNATURE_RULES.missing,
  [SignatureErrorCode.Unexpected]: SIGNATURE_RULES.unexpected,
};

/**
 * An x-jws-signature refused, as the OB error the response carries: 400 with one OBError1 whose `Path` names the
 * claim concerned (the OB table asks for the claim's name on MissingClaim and InvalidClaim), and whose Message is the
 * reason (what was received) worded with the code's rule of the catalogue.
 */
export class SignatureRefused extends ObError {
  constructor(
    readonly code: SignatureErrorCode,
    readonly reason: string,
    readonly claim?: string,
  ) {
    super(OB_ERROR_CODES[code].httpStatus, [obError(code, refusalText(RULE_OF_CODE[code], reason), claim)]);
    this.name = 'SignatureRefused';
  }
}
