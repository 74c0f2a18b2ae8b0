import type { OnboardedTpp } from '@fapi/onboarding';
import { type HttpsProbe, type ProbeAnswer, type ProbeRequest, type TlsIdentity } from './https-probe';

/** A server that answered: what it answered, and this machine's clock when the answer arrived (for the clock check). */
export interface ReachedServer {
  url: string;
  answer: ProbeAnswer;
  receivedAt: Date;
}

/** The authorization server's endpoints a diagnosis uses, from its discovery document. */
export interface AuthorizationServerEndpoints {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  pushed_authorization_request_endpoint: string;
}

/** What a diagnosis runs with: the folder, the sandbox's certs folder if known, the network and the clock. */
export interface DiagnosisOptions {
  /** The onboarded folder (`npm run onboard --out`). */
  folder: string;
  /** The sandbox's certs folder, when known (`--certs`): its ca.pem is the CA the running sandbox uses. */
  certsDir?: string;
  https: HttpsProbe;
  now: () => Date;
}

/**
 * What the checks learn as they run, for the checks after them: the folder read back, the servers that answered, and
 * what the authorization server answered to the client's own requests.
 */
export class DiagnosisContext {
  tpp?: OnboardedTpp;
  authorizationServer?: ReachedServer & { endpoints: AuthorizationServerEndpoints };
  bank?: ReachedServer;

  constructor(readonly options: DiagnosisOptions) {}

  /** The onboarded TPP; only checks that need the folder call it (the runner skips them when it could not be read). */
  get onboarded(): OnboardedTpp {
    if (!this.tpp) throw new Error('the onboarded folder was not read');
    return this.tpp;
  }

  get endpoints(): AuthorizationServerEndpoints {
    if (!this.authorizationServer) throw new Error('the authorization server was not reached');
    return this.authorizationServer.endpoints;
  }

  /** The TPP's own TLS identity: its transport certificate presented, the folder's CA trusted. */
  get identity(): TlsIdentity {
    const { certPem, keyPem, caPem } = this.onboarded.transport;
    return { cert: certPem, key: keyPem, ca: caPem };
  }

  /** A request as the TPP makes it (its transport certificate, its CA). */
  send(url: string, request: Omit<ProbeRequest, 'identity'> = {}): Promise<ProbeAnswer> {
    return this.options.https(url, { ...request, identity: this.identity });
  }

  /** A request that notes when its answer arrived. */
  async reach(url: string): Promise<ReachedServer> {
    const answer = await this.send(url);
    return { url, answer, receivedAt: this.options.now() };
  }
}
