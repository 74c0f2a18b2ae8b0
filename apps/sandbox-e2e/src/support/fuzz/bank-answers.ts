import { type JSONWebKeySet } from 'jose';
import { verifyDetachedJws } from '@fapi/message-signing';
import { accountInfoApi, expectConformsToPisSpec, expectConformsToSpec, expectObErrorResponse, paymentInitiationApi } from '@fapi/open-banking/testing';
import { type Answer, described } from './fuzz-run';

const isEmpty = (answer: Answer) => answer.text === '';

/**
 * What a bank answer to any request, however hostile, must be: never a 5xx; for a status the operation declares,
 * exactly what the official spec allows (body and required headers); for any other 4xx, nothing or an
 * OBErrorResponse1; and on the PISP, every body signed with the bank's key (x-jws-signature over the exact bytes).
 */
export async function expectBankAnswerAllowed(
  api: 'aisp' | 'pisp',
  request: { method: string; path: string },
  answer: Answer,
  bankJwks: JSONWebKeySet,
): Promise<void> {
  const what = `${request.method} ${request.path.slice(0, 300)}`;
  if (answer.status >= 500) throw new Error(`server error: ${described(what, answer)}`);
  try {
    const spec = api === 'aisp' ? await accountInfoApi() : await paymentInitiationApi();
    const operation = spec.operationAt(request.method, new URL(request.path, 'https://bank.invalid').pathname);
    if (operation?.responses?.[String(answer.status)]) {
      const conforms = api === 'aisp' ? expectConformsToSpec : expectConformsToPisSpec;
      await conforms(request.method, request.path, answer.status, answer.body, answer.headers);
    } else if (answer.status >= 400 && !isEmpty(answer)) {
      await expectObErrorResponse(answer.body);
    } else if (answer.status < 400) {
      throw new Error(`a status the spec does not declare for this request`);
    }
    if (api === 'pisp' && !isEmpty(answer)) {
      const signature = answer.headers['x-jws-signature'];
      await verifyDetachedJws(typeof signature === 'string' ? signature : undefined, answer.text, bankJwks);
    }
  } catch (error) {
    throw new Error(`${(error as Error).message.slice(0, 1500)}\n  for ${described(what, answer)}`);
  }
}
