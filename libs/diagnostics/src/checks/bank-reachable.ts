import { passed, problem } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';
import { unreachable } from './unreachable';

// docs/architecture.md: the bank publishes the keys of its response signatures at ${BANK_URL}/jwks, no token needed:
// the one bank resource any TPP may read, so it shows the bank answers over TLS the folder's ca.pem verifies.
export const bankReachable: DiagnosticCheck = {
  id: 'bank',
  title: 'the bank answers',
  needs: ['folder'],
  async run(context) {
    const { bankUrl } = context.onboarded;
    let reached;
    try {
      reached = await context.reach(`${bankUrl}/jwks`);
    } catch (error) {
      return unreachable('the bank', error);
    }
    if (reached.answer.status !== 200 || !Array.isArray(reached.answer.json.keys)) {
      return problem(`${bankUrl}/jwks answered HTTP ${reached.answer.status}, not the bank's JWKS`, "check bankUrl in client.json: it is the sandbox's bank (npm start prints it)");
    }
    context.bank = reached;
    return passed(`the bank answers at ${bankUrl} (TLS verified with ca.pem)`);
  },
};
