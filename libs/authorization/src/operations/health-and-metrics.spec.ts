/**
 * Issue 8, "Services you can see into": the authorization server's liveness, readiness and metrics on its HTTPS port.
 * oidc-provider answers every path in front of Nest, so these must be let through to Nest; they need no client
 * certificate. Readiness names NATS while NATS is away, liveness stays green.
 */
import { AuthorizationServerHarness } from '../testing/authorization-server-harness';
import type { AsConnection } from '../testing/test-tpp';
import { eventually } from '@fapi/testing';

jest.setTimeout(60_000);

describe('the authorization server can be seen into: health and metrics', () => {
  const server = new AuthorizationServerHarness('fapi_unit_authorization_operations');
  let anonymous: AsConnection;
  beforeAll(async () => {
    await server.start();
    anonymous = server.anonymous();
  });
  afterAll(async () => {
    await anonymous?.close();
    await server.stop();
  });

  it('is live and ready without a client certificate, checking its database and NATS (not oidc-provider’s 404)', async () => {
    expect(await anonymous.request('/health/live')).toMatchObject({ status: 200, json: { status: 'ok' } });
    // ready once its first probes answer: on a loaded machine the first database and NATS probes of a fresh process
    // may outlast their 2 s timeout, a 503 that is the truth at that moment
    const ready = await eventually(async () => {
      const answer = await anonymous.request('/health/ready');
      return answer.status === 200 ? answer : undefined;
    }, 'readiness to go green', { attempts: 100, intervalMs: 100 });
    expect(ready.json).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, nats: { status: 'up' } } });
  });

  it('labels oidc-provider’s endpoints by their route on /metrics, and its own by Nest’s route template', async () => {
    expect((await anonymous.request('/.well-known/openid-configuration')).status).toBe(200);
    expect((await anonymous.request('/reg/some-client-id')).status).toBe(401);
    expect((await anonymous.request('/interaction/some-uid')).status).toBe(400);
    const { status, text } = await anonymous.request('/metrics');
    expect(status).toBe(200);
    expect(text).toMatch(/^fapi_http_requests_total\{method="GET",route="\/\.well-known\/openid-configuration",status="200"\} [1-9]/m);
    expect(text).toMatch(/^fapi_http_requests_total\{method="GET",route="\/reg\/:clientId",status="401"\} [1-9]/m);
    expect(text).toMatch(/^fapi_http_requests_total\{method="GET",route="\/interaction\/:uid",status="400"\} [1-9]/m);
    expect(text).not.toContain('some-client-id');
  });

  it('counts token grants by grant type and client authentication method, and refusals by endpoint and error code', async () => {
    const tpp = await server.registerTpp({ authMethod: 'private_key_jwt', alg: 'PS256', style: 'jarm' });
    try {
      const granted = await tpp.connection.postForm('/token', { ...(await tpp.clientAuth()), grant_type: 'client_credentials', scope: 'accounts' });
      expect(granted.status).toBe(200);
      const refused = await tpp.connection.postForm('/token', { ...(await tpp.clientAuth()), grant_type: 'password' });
      expect({ status: refused.status, error: refused.json.error }).toEqual({ status: 400, error: 'unsupported_grant_type' });
    } finally {
      await tpp.connection.close();
    }
    const { text } = await anonymous.request('/metrics');
    expect(text).toMatch(/^fapi_token_grants_total\{grant_type="client_credentials",client_auth_method="private_key_jwt"\} [1-9]/m);
    expect(text).toMatch(/^fapi_oauth_refusals_total\{endpoint="token",error="unsupported_grant_type"\} [1-9]/m);
  });

  it('is not ready (503 naming NATS) while NATS is away, and stays live', async () => {
    await server.stopNats();
    const down = await eventually(async () => {
      const ready = await anonymous.request('/health/ready');
      return ready.status === 503 ? ready : undefined;
    }, 'readiness to go red', { attempts: 100, intervalMs: 100 });
    expect(down.json).toMatchObject({ status: 'error', error: { nats: { status: 'down' } }, info: { database: { status: 'up' } } });
    expect((await anonymous.request('/health/live')).status).toBe(200);
  });
});
