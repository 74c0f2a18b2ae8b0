import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { loadTlsIdentity } from '@fapi/pki';

export interface RecordedRegistration {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  /** The client certificate presented on the connection, and whether it chains to the sandbox CA. */
  clientCertificate: X509Certificate | undefined;
  authorized: boolean;
}

type Answer = (body: Record<string, unknown>) => { status: number; body: unknown };

/** Registers every client as `client-<n>`, echoing its metadata, as RFC 7591 §3.2.1 answers. */
const registerEveryone = (): Answer => {
  let registered = 0;
  return (metadata) => ({ status: 201, body: { ...metadata, client_id: `client-${++registered}` } });
};

/**
 * Plays the authorization server's `POST /reg` over HTTPS with the sandbox's authorization-server certificate,
 * requesting (not requiring) a client certificate as the real server does, and records each request.
 */
export class FakeRegistrationEndpoint {
  readonly requests: RecordedRegistration[] = [];
  answer: Answer = registerEveryone();
  private server?: https.Server;

  static async start(certsDir: string): Promise<FakeRegistrationEndpoint> {
    const endpoint = new FakeRegistrationEndpoint();
    endpoint.server = https.createServer(
      { ...loadTlsIdentity(certsDir, 'authorization-server'), requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        let text = '';
        req.on('data', (chunk) => (text += chunk));
        req.on('end', () => {
          const socket = req.socket as TLSSocket;
          const raw = socket.getPeerCertificate().raw;
          const body = JSON.parse(text || '{}') as Record<string, unknown>;
          endpoint.requests.push({
            method: req.method!,
            path: req.url!,
            headers: req.headers,
            body,
            clientCertificate: raw ? new X509Certificate(raw) : undefined,
            authorized: socket.authorized,
          });
          const answer = endpoint.answer(body);
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
        });
      },
    );
    endpoint.server.listen(0, '127.0.0.1');
    await once(endpoint.server, 'listening');
    return endpoint;
  }

  /** The issuer URL: the server certificate names 127.0.0.1. */
  get issuer(): string {
    return `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Forgets the recorded requests and registers everyone again, numbering clients from 1. */
  reset(): void {
    this.requests.length = 0;
    this.answer = registerEveryone();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
