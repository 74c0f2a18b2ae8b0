import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, fetch } from 'undici';
import { hostOf, isAllowedAddress } from './jwks-uri';

/** Bounds of every request the server makes on a client's behalf (fetching its jwks_uri). */
export const OUTGOING_FETCH_LIMITS = {
  /** Connecting, then the response headers, then each body read (oidc-provider also aborts the whole at 2.5 s). */
  timeoutMs: 2_500,
  /** A JWKS of a few keys is a few KiB (oidc-provider's fetchResponseBodyLimits). */
  maxBodyBytes: 64 * 1024,
} as const;

export class RefusedAddress extends Error {
  readonly code = 'ERR_REFUSED_ADDRESS';
}

/** dns.lookup that fails rather than answer an address the server must not connect to. */
function guardedLookup(allowLoopback: boolean) {
  return (hostname: string, options: LookupOptions, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.find(({ address }) => !isAllowedAddress(address, allowLoopback));
      if (refused) return callback(new RefusedAddress(`${hostname} resolves to ${refused.address}, a special-use address`), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

// OWASP SSRF prevention, for what oidc-provider fetches for a client (its jwks_uri): https only, no redirect (a
// public host could otherwise send the server to a private one), bounded in time and size, and the address checked
// when connecting, so a name that resolves (or re-resolves) to a private, loopback or link-local address is never
// contacted. The sandbox CA is trusted besides the public roots: sandbox TPPs hold certificates it issued.
export function boundedOutgoingFetch({ allowLoopback, sandboxCaPem }: { allowLoopback: boolean; sandboxCaPem: string }) {
  const agent = new Agent({
    connect: { lookup: guardedLookup(allowLoopback), timeout: OUTGOING_FETCH_LIMITS.timeoutMs, ca: [...rootCertificates, sandboxCaPem] },
    headersTimeout: OUTGOING_FETCH_LIMITS.timeoutMs,
    bodyTimeout: OUTGOING_FETCH_LIMITS.timeoutMs,
  });
  return async (url: string | URL, options: RequestInit = {}): Promise<Response> => {
    const target = new URL(url);
    if (target.protocol !== 'https:') throw new RefusedAddress(`${target.protocol} is not https`);
    // An address literal skips the lookup, so it is judged here.
    if (isIP(hostOf(target)) && !isAllowedAddress(hostOf(target), allowLoopback)) throw new RefusedAddress(`${target.host} is a special-use address`);
    const { signal, headers, method } = options;
    return fetch(target, { signal, headers: Object.fromEntries(new Headers(headers)), method, redirect: 'error', dispatcher: agent }) as unknown as Response;
  };
}
