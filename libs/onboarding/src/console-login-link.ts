import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { Agent, request } from 'undici';
import type { OnboardedTpp } from './onboarded-tpp';

/** What the console's login endpoint answers a client that proved itself. */
export interface ConsoleLoginLink {
  clientId: string;
  /** Opens the client's developer console once, within `expiresIn` seconds. */
  link: string;
  expiresIn: number;
}

/** The AS refused the login (its error_description names the rule). */
export class ConsoleLoginRefused extends Error {
  override name = 'ConsoleLoginRefused';
}

/**
 * A one-time login link to the TPP's developer console (README "Developer console"): the TPP proves itself with a
 * private_key_jwt client assertion for `<issuer>/console`, sent over its mTLS connection to `<issuer>/console/login`.
 */
export async function consoleLoginLink(tpp: OnboardedTpp): Promise<ConsoleLoginLink> {
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: tpp.signingAlg, kid: tpp.signingKid })
    .setIssuer(tpp.clientId)
    .setSubject(tpp.clientId)
    .setAudience(`${tpp.issuer}/console`)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(tpp.signingKey);
  const agent = new Agent({ connect: { cert: tpp.transport.certPem, key: tpp.transport.keyPem, ca: tpp.transport.caPem } });
  try {
    const answer = await request(`${tpp.issuer}/console/login`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }).toString(),
    });
    const body = (await answer.body.json().catch(() => ({}))) as { login_link?: string; expires_in?: number; error_description?: string };
    if (answer.statusCode !== 201 || !body.login_link) throw new ConsoleLoginRefused(`the console login was refused (${answer.statusCode}): ${body.error_description ?? 'no description'}`);
    return { clientId: tpp.clientId, link: body.login_link, expiresIn: body.expires_in ?? 0 };
  } finally {
    await agent.close();
  }
}
