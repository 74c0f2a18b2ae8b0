import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import { errors } from 'oidc-provider';

/**
 * Where the server never sends a request on a client's behalf (RFC 6890 special-purpose registries): a jwks_uri there
 * would make the AS probe the sandbox's own network (SSRF). `loopback` ranges are allowed with the sandbox-only
 * allowHttpsLoopbackJwksUris, for a TPP developed on the same machine.
 */
const SPECIAL_USE_RANGES: readonly { cidr: string; what: string; loopback?: true }[] = [
  { cidr: '0.0.0.0/8', what: 'this network (RFC 791)' },
  { cidr: '10.0.0.0/8', what: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', what: 'shared address space (RFC 6598)' },
  { cidr: '127.0.0.0/8', what: 'loopback (RFC 1122)', loopback: true },
  { cidr: '169.254.0.0/16', what: 'link-local, incl. cloud metadata (RFC 3927)' },
  { cidr: '172.16.0.0/12', what: 'private (RFC 1918)' },
  { cidr: '192.0.0.0/24', what: 'IETF protocol assignments (RFC 6890)' },
  { cidr: '192.168.0.0/16', what: 'private (RFC 1918)' },
  { cidr: '198.18.0.0/15', what: 'benchmarking (RFC 2544)' },
  { cidr: '224.0.0.0/4', what: 'multicast (RFC 5771)' },
  { cidr: '240.0.0.0/4', what: 'reserved and broadcast (RFC 1112, RFC 919)' },
  { cidr: '::/128', what: 'unspecified (RFC 4291)' },
  { cidr: '::1/128', what: 'loopback (RFC 4291)', loopback: true },
  { cidr: 'fc00::/7', what: 'unique local (RFC 4193)' },
  { cidr: 'fe80::/10', what: 'link-local (RFC 4291)' },
  { cidr: 'ff00::/8', what: 'multicast (RFC 4291)' },
];

function blockList(ranges: typeof SPECIAL_USE_RANGES): BlockList {
  const list = new BlockList();
  for (const { cidr } of ranges) {
    const [network, prefix] = cidr.split('/');
    list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

const REFUSED = blockList(SPECIAL_USE_RANGES);
const REFUSED_UNLESS_LOOPBACK_ALLOWED = blockList(SPECIAL_USE_RANGES.filter((range) => !range.loopback));

/** Whether the server may connect to `address` (an IPv4-mapped IPv6 address is judged as its IPv4 address). */
export function isAllowedAddress(address: string, allowLoopback: boolean): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  return !(allowLoopback ? REFUSED_UNLESS_LOOPBACK_ALLOWED : REFUSED).check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

/** The host of a URL as an address or a name to resolve (URL keeps IPv6 literals in brackets). */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

export const JWKS_URI_REFUSED = {
  notHttps: refusalText(RULES.jwksUriHttps, 'jwks_uri is not an https uri'),
  unresolvable: refusalText(RULES.jwksUriPublicHost, 'the jwks_uri host does not resolve'),
  specialUse: refusalText(RULES.jwksUriPublicHost, 'the jwks_uri host is a special-use address'),
} as const;

// FAPI 1.0 Advanced 5.2.2 (TLS for every endpoint; RFC 7591 2: jwks_uri) and the OWASP SSRF guidance a shared sandbox
// must follow: a client's jwks_uri is https and names a public host, refused at registration with
// invalid_client_metadata; each fetch is guarded again at connect time (outgoing-fetch.ts), since DNS can change.
export function jwksUriPolicy(allowLoopback: boolean) {
  return async (_ctx: unknown, metadata: Record<string, unknown>): Promise<void> => {
    if (metadata.jwks_uri === undefined) return;
    const url = typeof metadata.jwks_uri === 'string' ? URL.parse(metadata.jwks_uri) : null;
    if (url?.protocol !== 'https:') throw new errors.InvalidClientMetadata(JWKS_URI_REFUSED.notHttps);
    const host = hostOf(url);
    const addresses = isIP(host) ? [host] : await lookup(host, { all: true }).then((found) => found.map((entry) => entry.address), () => []);
    if (addresses.length === 0) throw new errors.InvalidClientMetadata(JWKS_URI_REFUSED.unresolvable);
    if (!addresses.every((address) => isAllowedAddress(address, allowLoopback))) throw new errors.InvalidClientMetadata(JWKS_URI_REFUSED.specialUse);
  };
}
