import { problem, type Outcome } from '../finding';
import { Unreachable } from '../https-probe';

/** A server that gave no answer, as a problem naming it and its URL; any other error is not the network's and is thrown. */
export function unreachable(server: string, error: unknown): Outcome {
  if (!(error instanceof Unreachable)) throw error;
  return problem(`${server} cannot be reached at ${error.url}: ${error.what}`, error.fix);
}
