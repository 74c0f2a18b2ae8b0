import type { ReachedServer } from '../diagnosis-context';
import { passed, problem, warning } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';

/** The iat/nbf tolerance of the sandbox's authorization server (oidc-provider clockTolerance) for assertions, request objects and DPoP proofs. */
export const AS_CLOCK_TOLERANCE_SECONDS = 15;
/** Above this the TPP is told before the AS starts refusing. */
export const CLOCK_WARNING_SECONDS = 10;

/**
 * How far this machine's clock is ahead of a server's (negative: behind), in whole seconds. RFC 9110 6.6.1: `Date`
 * has a resolution of one second, so the server's time lies in [Date, Date + 1 s): its middle is the estimate.
 */
export function skewSeconds(server: ReachedServer): number | undefined {
  const date = Date.parse(server.answer.headers.date ?? '');
  if (Number.isNaN(date)) return undefined;
  return Math.round((server.receivedAt.getTime() - (date + 500)) / 1000);
}

const inWords = (seconds: number, server: string) => `${Math.abs(seconds)} s ${seconds > 0 ? 'ahead of' : 'behind'} ${server}`;
const FIX = `synchronise this machine's clock (NTP): FAPI requests carry iat, nbf and exp, and our authorization server tolerates ${AS_CLOCK_TOLERANCE_SECONDS} s`;

// FAPI 1.0 Advanced 5.2.2-13 / FAPI 2.0 5.3.2.1 (request objects, client assertions) and RFC 9449 11.1 (DPoP iat):
// time claims are judged by the AS's clock, with a small tolerance.
export const clockSkew: DiagnosticCheck = {
  id: 'clock',
  title: "this machine's clock agrees with the sandbox's",
  needs: ['authorization-server'],
  run(context) {
    const servers: Array<[string, ReachedServer | undefined]> = [
      ['the authorization server', context.authorizationServer],
      ['the bank', context.bank],
    ];
    const skews = servers.flatMap(([name, server]) => {
      const seconds = server && skewSeconds(server);
      return seconds === undefined ? [] : [{ name, seconds }];
    });
    if (skews.length === 0) return warning('the clock could not be compared: no server sent a Date header', FIX);
    const worst = skews.reduce((a, b) => (Math.abs(b.seconds) > Math.abs(a.seconds) ? b : a));
    const limit = Math.abs(worst.seconds);
    if (limit > AS_CLOCK_TOLERANCE_SECONDS) return problem(`this machine's clock is ${inWords(worst.seconds, worst.name)}: the AS refuses your signed requests`, FIX);
    if (limit > CLOCK_WARNING_SECONDS) return warning(`this machine's clock is ${inWords(worst.seconds, worst.name)}`, FIX);
    return passed(`this machine's clock agrees with ${skews.map(({ name }) => name).join(' and ')} within ${Math.max(limit, 1)} s`);
  },
};
