import { OB_ERROR_CODES } from './error-codes';
import { ObError } from './ob-error';
import { obError, obErrorResponse } from './ob-error-response';

describe('OB v4 error responses', () => {
  it('the U-code table covers U000..U029 with the HTTP status each goes with', () => {
    expect(Object.keys(OB_ERROR_CODES)).toEqual(Array.from({ length: 30 }, (_, i) => `U${String(i).padStart(3, '0')}`));
    expect(OB_ERROR_CODES.U011).toMatchObject({ name: 'UK.OBIE.Resource.NotFound', httpStatus: 400 });
    expect(OB_ERROR_CODES.U028.httpStatus).toBe(403);
    expect(OB_ERROR_CODES.U029.httpStatus).toBe(409);
    expect(OB_ERROR_CODES.U000.httpStatus).toBe(500);
  });

  it('an error message defaults to the meaning of its code and is capped at 500 characters', () => {
    expect(obError('U011')).toEqual({ ErrorCode: 'U011', Message: 'No resource with this id' });
    expect(obError('U002', 'x'.repeat(600), 'Data').Message).toHaveLength(500);
  });

  it('a response needs at least one error and caps Id at 40 characters', () => {
    expect(() => obErrorResponse([])).toThrow();
    expect(obErrorResponse([obError('U004')], 'i'.repeat(50)).Id).toHaveLength(40);
  });

  it('an ObError takes the status of its code; a 401 has no body', () => {
    expect(ObError.of('U011', 'no such consent').status).toBe(400);
    expect(ObError.of('U000').status).toBe(500);
    expect(ObError.unauthorized().responseBody()).toBeUndefined();
    expect(ObError.forbidden('U009', 'consent is not authorised').responseBody('abc')).toEqual({
      Id: 'abc',
      Errors: [{ ErrorCode: 'U009', Message: 'consent is not authorised' }],
    });
  });
});
