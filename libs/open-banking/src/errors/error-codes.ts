/**
 * OBExternalStatusReason1Code as v4.0 uses it in `OBError1.ErrorCode`: the U-codes, each with the v3.1 name it replaced,
 * its meaning and the HTTP status it goes with (OB_Internal_CodeSet.csv, ESSENTIALS.md §3).
 */
export const OB_ERROR_CODES = {
  U000: { name: 'UK.OBIE.UnexpectedError', meaning: 'An unexpected error occurred', httpStatus: 500 },
  U001: { name: 'UK.OBIE.Field.Expected', meaning: 'A field is expected in combination with another', httpStatus: 400 },
  U002: { name: 'UK.OBIE.Field.Invalid', meaning: 'A field has an invalid value or is too long', httpStatus: 400 },
  U003: { name: 'UK.OBIE.Field.InvalidDate', meaning: 'A field has an invalid date', httpStatus: 400 },
  U004: { name: 'UK.OBIE.Field.Missing', meaning: 'A required field is missing', httpStatus: 400 },
  U005: { name: 'UK.OBIE.Field.Unexpected', meaning: 'A field is provided when not expected', httpStatus: 400 },
  U006: { name: 'UK.OBIE.Header.Invalid', meaning: 'A header has an invalid value', httpStatus: 400 },
  U007: { name: 'UK.OBIE.Header.Missing', meaning: 'A required header is missing', httpStatus: 400 },
  U008: { name: 'UK.OBIE.Resource.ConsentMismatch', meaning: 'The payment order does not match its consent', httpStatus: 400 },
  U009: { name: 'UK.OBIE.Resource.InvalidConsentStatus', meaning: 'The consent is not in a usable status', httpStatus: 400 },
  U010: { name: 'UK.OBIE.Resource.InvalidFormat', meaning: 'The payload does not match the schema', httpStatus: 400 },
  U011: { name: 'UK.OBIE.Resource.NotFound', meaning: 'No resource with this id', httpStatus: 400 },
  U012: { name: 'UK.OBIE.Rules.AfterCutOffDateTime', meaning: 'Received after the cut-off date and time', httpStatus: 400 },
  U013: { name: 'UK.OBIE.Rules.DuplicateReference', meaning: 'The reference is a duplicate', httpStatus: 400 },
  U014: { name: 'UK.OBIE.Rules.FailsControlParameters', meaning: 'The payment breaches its control parameters', httpStatus: 400 },
  U015: { name: 'UK.OBIE.Signature.Invalid', meaning: 'The signature could not be verified', httpStatus: 400 },
  U016: { name: 'UK.OBIE.Signature.InvalidClaim', meaning: 'A signature header claim has an invalid value', httpStatus: 400 },
  U017: { name: 'UK.OBIE.Signature.MissingClaim', meaning: 'A mandatory signature header claim is missing', httpStatus: 400 },
  U018: { name: 'UK.OBIE.Signature.Malformed', meaning: 'The signature could not be parsed as a JWS', httpStatus: 400 },
  U019: { name: 'UK.OBIE.Signature.Missing', meaning: 'The expected signature is missing', httpStatus: 400 },
  U020: { name: 'UK.OBIE.Signature.Unexpected', meaning: 'A signature was provided but not expected', httpStatus: 400 },
  U021: { name: 'UK.OBIE.Unsupported.AccountIdentifier', meaning: 'The account identifier is not supported', httpStatus: 400 },
  U022: {
    name: 'UK.OBIE.Unsupported.AccountSecondaryIdentifier',
    meaning: 'The account secondary identifier is not supported',
    httpStatus: 400,
  },
  U023: { name: 'UK.OBIE.Unsupported.Currency', meaning: 'The currency is not supported', httpStatus: 400 },
  U024: { name: 'UK.OBIE.Unsupported.EventType', meaning: 'The event type is not supported', httpStatus: 400 },
  U025: { name: 'UK.OBIE.Unsupported.Frequency', meaning: 'The frequency is not supported', httpStatus: 400 },
  U026: { name: 'UK.OBIE.Unsupported.LocalInstrument', meaning: 'The local instrument is not supported', httpStatus: 400 },
  U027: { name: 'UK.OBIE.Unsupported.Scheme', meaning: 'The identification scheme is not supported', httpStatus: 400 },
  U028: { name: 'UK.OBIE.Reauthenticate', meaning: 'The PSU must re-authenticate', httpStatus: 403 },
  U029: { name: 'UK.OBIE.Rules.ResourceAlreadyExists', meaning: 'The resource already exists', httpStatus: 409 },
} as const;

export type ObErrorCode = keyof typeof OB_ERROR_CODES;
