import { createSecureContext, type SecureContext } from 'node:tls';
import * as cheerio from 'cheerio';
import { CookieJar } from 'tough-cookie';
import { Agent, request } from 'undici';
import { dialingInstances, type InstancePorts } from './instance-dialing';

/**
 * One TLS context per CA the browsers trust, shared by all of them: given the CA itself, every new connection of every
 * browser parsed it again into a context of its own (5 % of the load generator's CPU in the ais-journeys bench).
 */
const contextsTrusting = new Map<string, SecureContext>();
function contextTrusting(caPem: string): SecureContext {
  let context = contextsTrusting.get(caPem);
  if (!context) contextsTrusting.set(caPem, (context = createSecureContext({ ca: caPem })));
  return context;
}

/**
 * Pages are parsed with htmlparser2 (cheerio's `xml: { xmlMode: false }`: HTML, not XML) rather than cheerio's default
 * parse5: the sandbox's own pages are well-formed, and parse5's full HTML5 tree construction took ~0.5 ms of the load
 * generator per page against ~0.1 ms (a 9.6 KB sign-in page), ~1.2 ms per AIS journey on the two cores the benchmarks
 * share with the services (issue 11). htmlparser2 adds no implied elements (a `<tbody>` the markup leaves out).
 */
const loadPage = (html: string) => cheerio.load(html, { xml: { xmlMode: false } });

/** A page as a person would see it after following redirects. */
export interface Page {
  url: string;
  /** 0 when the navigation stopped there (see `stopAt`): the browser handed the URL over without loading it. */
  status: number;
  html: string;
  $: cheerio.CheerioAPI;
  /** The response's headers (none when the navigation stopped). */
  headers: Record<string, string | string[] | undefined>;
}

const MAX_REDIRECTS = 15;

/**
 * A PSU's browser without JavaScript: it follows redirects (POST → GET on 301/302/303), keeps cookies per origin, and
 * submits HTML forms with their own hidden fields plus what the "user" types. It trusts the sandbox CA and presents
 * no client certificate, as a PSU's browser would.
 */
export class Browser {
  private readonly jar = new CookieJar();
  private dispatcher: Agent;
  private readonly localAddress?: string;
  /** Every URL the browser was sent to, in order (to assert where a redirect chain went). */
  readonly history: string[] = [];
  private readonly stops: ((url: string) => boolean)[] = [];

  /**
   * `localAddress`: the loopback address to connect from (127.0.0.2, ...), so a test has PSUs in different places.
   * `instances`: the instance of a service to reach behind its public URL (dialingInstances), for a journey that crosses
   * instances.
   */
  constructor(
    private readonly caPem: string,
    { localAddress, instances = {} }: { localAddress?: string; instances?: InstancePorts } = {},
  ) {
    this.localAddress = localAddress;
    this.dispatcher = this.agentReaching(instances);
  }

  /**
   * From now on the browser reaches these instances behind their public URLs (none: the ones the URLs name), keeping
   * its cookies: the next step of a journey lands on another instance, as a load balancer may send it.
   */
  async reach(instances: InstancePorts): Promise<void> {
    const previous = this.dispatcher;
    this.dispatcher = this.agentReaching(instances);
    await previous.close();
  }

  async open(url: string): Promise<Page> {
    return this.navigate('GET', url);
  }

  /**
   * Pages that redirect to `prefix` (a TPP's redirect URI that nobody serves in the test) end the navigation there:
   * the returned page has that URL, status 0 and no content, as when a browser hands the URL to another app.
   */
  stopAt(prefix: string): this {
    this.stops.push((url) => url.startsWith(prefix));
    return this;
  }

  /** Likewise for every URL outside `prefix` (e.g. the authorization server sending the PSU back to any TPP). */
  stayWithin(prefix: string): this {
    this.stops.push((url) => !url.startsWith(prefix));
    return this;
  }

  /** Submits the form matching `selector` (its action and method), its hidden fields overlaid with `fields`. */
  async submit(page: Page, selector: string, fields: Record<string, string | string[]> = {}, button?: string): Promise<Page> {
    const form = page.$(selector).first();
    if (form.length === 0) throw new Error(`no form ${selector} on ${page.url}:\n${page.html.slice(0, 2000)}`);
    const body = new URLSearchParams();
    form.find('input[type=hidden]').each((_, input) => {
      const name = page.$(input).attr('name');
      if (name && !(name in fields)) body.append(name, page.$(input).attr('value') ?? '');
    });
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
    if (button) {
      const pressed = form.find(`button[name][value]${button}, input[type=submit][name]${button}`).first();
      if (pressed.length === 0) throw new Error(`no button ${button} in ${selector} on ${page.url}`);
      body.append(pressed.attr('name') as string, pressed.attr('value') ?? '');
    }
    const action = new URL(form.attr('action') ?? page.url, page.url).toString();
    const method = (form.attr('method') ?? 'GET').toUpperCase();
    if (method === 'GET') return this.navigate('GET', `${action.split('?')[0]}?${body}`);
    return this.navigate('POST', action, body.toString());
  }

  /**
   * What a page of another site (`fromOrigin`) does when it posts a form to `url` (a CSRF attempt): the browser sends
   * `Origin: fromOrigin` and, as a browser that ignores SameSite would, its cookies for `url`.
   */
  async crossSitePost(fromOrigin: string, url: string, fields: Record<string, string> = {}): Promise<Page> {
    return this.navigate('POST', url, new URLSearchParams(fields).toString(), { origin: fromOrigin });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /**
   * One connection per origin, which every navigation reuses as a browser reuses its idle one. undici's pool hands a
   * connection back a tick after its answer's body is read, so a redirect followed at once went out on a second
   * connection: a TLS handshake more per journey, on the server and here (issue 11).
   */
  private agentReaching(instances: InstancePorts): Agent {
    return new Agent({ connect: dialingInstances({ secureContext: contextTrusting(this.caPem) }, instances), localAddress: this.localAddress, connections: 1 });
  }

  private async navigate(method: string, startUrl: string, form?: string, extraHeaders: Record<string, string> = {}): Promise<Page> {
    let url = startUrl;
    let body = form;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      this.history.push(url);
      if (this.stops.some((stop) => stop(url))) return { url, status: 0, html: '', $: loadPage(''), headers: {} };
      const headers: Record<string, string> = { accept: 'text/html', cookie: await this.jar.getCookieString(url), ...extraHeaders };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await request(url, { method, headers, body, dispatcher: this.dispatcher });
      for (const cookie of [response.headers['set-cookie'] ?? []].flat()) await this.jar.setCookie(cookie, url);
      const location = response.headers.location;
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
        await response.body.dump();
        url = new URL(location, url).toString();
        if (response.statusCode !== 307 && response.statusCode !== 308) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      const html = await response.body.text();
      return { url, status: response.statusCode, html, $: loadPage(html), headers: response.headers };
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects from ${startUrl}`);
  }
}
