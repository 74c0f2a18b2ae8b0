import type { SecureContextOptions } from 'node:tls';

/**
 * FAPI 1.0 Advanced 8.5: over TLS 1.2 only these four suites (forward-secret AES-GCM), in OpenSSL's names. TLS 1.3,
 * which the same clause allows, offers only AEAD suites of its own and is not limited by `ciphers`.
 */
export const FAPI_TLS12_CIPHER_SUITES = [
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
] as const;

/**
 * The TLS settings of every HTTPS service (FAPI 1.0 Advanced 8.5; BCP 195 / RFC 9325 3.1.1: no TLS 1.0 or 1.1). The
 * DHE suites need Diffie-Hellman parameters: `dhparam: 'auto'` takes OpenSSL's well-known group for the key size,
 * without which Node silently drops them.
 */
export const FAPI_TLS_OPTIONS = {
  minVersion: 'TLSv1.2',
  ciphers: FAPI_TLS12_CIPHER_SUITES.join(':'),
  honorCipherOrder: true,
  dhparam: 'auto',
} as const satisfies SecureContextOptions;
