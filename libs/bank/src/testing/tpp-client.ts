import { Agent, request } from 'undici';
import type { TestCertificate } from '@fapi/testing';

export interface BankResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response says so, else the text ('' when empty). */
  body: unknown;
  /** The body exactly as received (what a response signature covers). */
  text: string;
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** A header given as a list is sent once per value. */
  headers?: Record<string, string | string[]>;
  /** Sent as JSON unless `rawBody` is given. */
  json?: unknown;
  rawBody?: string | Buffer;
}

/**
 * A TPP talking to the bank over HTTPS, trusting the test CA and presenting its transport certificate (or none).
 * Each client keeps its own connection pool, so its certificate is the one of every connection it makes.
 */
export class TppClient {
  private readonly agent: Agent;

  constructor(
    private readonly origin: string,
    caPem: string,
    certificate?: TestCertificate,
  ) {
    this.agent = new Agent({ connect: { ca: caPem, ...(certificate && { cert: certificate.cert, key: certificate.key }) } });
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<BankResponse> {
    const headers: Record<string, string | string[]> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.rawBody;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await request(`${this.origin}${path}`, { method: method as 'GET', headers, body, dispatcher: this.agent });
    const text = await response.body.text();
    const contentType = String(response.headers['content-type'] ?? '');
    const flatHeaders = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    return { status: response.statusCode, headers: flatHeaders, body: contentType.includes('json') && text ? JSON.parse(text) : text, text };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
