import { Agent, buildConnector } from 'undici';

/**
 * Which instance of a service a test talks to, when several serve one public URL (the same ISSUER or BANK_URL, each
 * instance on a port of its own): `host` (`localhost:8443`, the public URL's) → the port of the instance to dial.
 */
export type InstancePorts = Readonly<Record<string, number>>;

/**
 * undici's connector that dials, for a host in `ports`, that instance's port instead of the URL's. Everything else stays
 * the public URL's: the Host header, the TLS server name and certificate check, so the instance sees exactly the
 * request a client of the public URL sends (as behind a load balancer).
 */
export function dialingInstances(tls: buildConnector.BuildOptions, ports: InstancePorts): buildConnector.connector {
  const connect = buildConnector(tls);
  return (options, callback) => {
    const instancePort = ports[`${options.hostname}:${options.port}`];
    return connect(instancePort === undefined ? options : { ...options, port: String(instancePort) }, callback);
  };
}

/** An mTLS agent (`tls`: the client's certificate, key and the CA it trusts) that reaches the instances in `ports`. */
export const instanceAgent = (tls: buildConnector.BuildOptions, ports: InstancePorts): Agent => new Agent({ connect: dialingInstances(tls, ports) });
