import { OB_ERROR_CODES, ObError } from '@fapi/open-banking';
import { refusalText, SIGNATURE_RULES } from '@fapi/refusal-catalogue';
import { SignatureErrorCode, SignatureRefused } from './signature-refused';

describe('the OB signature error codes', () => {
  it('each is the U-code OB_ERROR_CODES lists for its v3.1 UK.OBIE.Signature name', () => {
    for (const [name, code] of Object.entries(SignatureErrorCode)) expect([name, OB_ERROR_CODES[code].name]).toEqual([name, `UK.OBIE.Signature.${name}`]);
  });

  it('are U015–U020 in the order of the OB table (Invalid, InvalidClaim, MissingClaim, Malformed, Missing, Unexpected)', () => {
    expect(SignatureErrorCode).toEqual({ Invalid: 'U015', InvalidClaim: 'U016', MissingClaim: 'U017', Malformed: 'U018', Missing: 'U019', Unexpected: 'U020' });
  });

  it('a refusal is an OB 400 whose error names the claim in Path and the rule of its code in Message', () => {
    const refusal = new SignatureRefused(SignatureErrorCode.InvalidClaim, 'alg must be PS256', 'alg');
    expect(refusal).toBeInstanceOf(ObError);
    expect(refusal.status).toBe(400);
    expect(refusal.responseBody()).toEqual({
      Errors: [{ ErrorCode: 'U016', Message: refusalText(SIGNATURE_RULES.invalidClaim, 'alg must be PS256'), Path: 'alg' }],
    });
  });
});
