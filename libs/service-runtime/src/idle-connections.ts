import type { Server } from 'node:http';

/**
 * How long an HTTPS service keeps a client's idle keep-alive connection open; Node answers every request with
 * `Keep-Alive: timeout=65`, which connection pools such as undici's follow. Node's default, 5 s, closed the idle part
 * of a fintech's pool between bursts, and the next burst paid a new mTLS handshake per connection (an RSA signature
 * and a certificate chain check each) just when the service was busiest: at 500 bank reads/s, the p99 bursts of
 * 25-150 ms came with 12-28 new handshakes (issue 11). 65 s outlasts the 60 s idle timeout of common load balancers,
 * so one in front never sends a request down a connection the service has just closed. It widens no attack surface:
 * Node already gives a client 60 s to send its headers (`headersTimeout`).
 */
export const IDLE_CONNECTION_TIMEOUT_MS = 65_000;

export function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = IDLE_CONNECTION_TIMEOUT_MS;
}
