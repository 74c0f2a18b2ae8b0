import type { ConsoleRecord } from '@fapi/nats-contract';
import { eventually } from '@fapi/testing';
import { AsConnection, type HttpResult, now, type TestTpp } from './test-tpp';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A client assertion for the console's login endpoint (aud = issuer + /console); `overrides` change its claims. */
export const consoleAssertion = (tpp: TestTpp, overrides: Record<string, unknown> = {}) => tpp.clientAssertion({ aud: `${tpp.issuer}/console`, iat: now(), exp: now() + 60, ...overrides });

/** POSTs a login request for `tpp` (its own assertion unless one is given) over its mTLS connection. */
export async function askForLoginLink(tpp: TestTpp, assertion?: string): Promise<HttpResult> {
  return tpp.connection.postForm('/console/login', { client_assertion_type: JWT_BEARER, client_assertion: assertion ?? (await consoleAssertion(tpp)) });
}

/** The session cookie a login link sets, or undefined when opening it was refused. */
export async function openLoginLink(connection: AsConnection, link: string): Promise<{ answer: HttpResult; cookie?: string }> {
  const answer = await connection.request(link);
  const cookie = /^(fapi_console=[^;]+)/.exec(answer.headers.get('set-cookie') ?? '')?.[1];
  return { answer, cookie };
}

/**
 * A TPP developer reading its console as a browser does after opening a login link (a cookie; no certificate), or with
 * its transport certificate (`certificate`).
 */
export class ConsoleReader {
  private constructor(
    private readonly connection: AsConnection,
    private readonly headers: Record<string, string>,
  ) {}

  /** Logs in with a fresh login link of `tpp`: its assertion, then the link opened without a certificate. */
  static async withLoginLink(tpp: TestTpp, caPem: string): Promise<ConsoleReader> {
    const login = await askForLoginLink(tpp);
    if (login.status !== 201) throw new Error(`console login refused: ${login.status} ${login.text}`);
    const browser = new AsConnection(tpp.issuer, caPem);
    const { cookie } = await openLoginLink(browser, String(login.json.login_link));
    if (!cookie) throw new Error('the login link set no cookie');
    return new ConsoleReader(browser, { cookie });
  }

  /** Reads the console over `tpp`'s own mTLS connection (its transport certificate). */
  static withCertificate(tpp: TestTpp): ConsoleReader {
    return new ConsoleReader(tpp.connection, {});
  }

  /** Closes the reader's own connection (a certificate reader's belongs to its TPP). */
  async close(): Promise<void> {
    if (this.headers.cookie) await this.connection.close();
  }

  async requestsAnswer(query = ''): Promise<HttpResult> {
    return this.connection.request(`/console/requests${query}`, { headers: this.headers });
  }

  async page(query = ''): Promise<HttpResult> {
    return this.connection.request(`/console${query}`, { headers: this.headers });
  }

  async requests(query = ''): Promise<ConsoleRecord[]> {
    const answer = await this.requestsAnswer(query);
    if (answer.status !== 200) throw new Error(`console refused: ${answer.status} ${answer.text}`);
    return answer.json.requests as ConsoleRecord[];
  }

  /** How many records cite `rule` now. */
  async citing(rule: string): Promise<number> {
    return (await this.requests()).filter((record) => record.rule === rule).length;
  }

  /** Waits until more than `before` records cite `rule` (recording is asynchronous), answers how many. */
  async awaitCiting(rule: string, before: number): Promise<number> {
    return eventually(async () => {
      const count = await this.citing(rule);
      return count > before ? count : undefined;
    }, `a console record citing ${rule}`, { attempts: 50 });
  }
}
