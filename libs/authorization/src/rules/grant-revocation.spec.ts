import { Logger } from '@nestjs/common';
import type { Provider } from 'oidc-provider';
import { type GrantRevoked, ok } from '@fapi/nats-contract';
import { revokeGrantsAtTheBank } from './grant-revocation';

type Middleware = (ctx: object, next: () => Promise<void>) => Promise<void>;

/** Just what revokeGrantsAtTheBank uses of oidc-provider: its 'grant.revoked' listener and the middleware it adds. */
function providerStandIn() {
  let revoked: (ctx: object, grantId: string) => void = () => undefined;
  let middleware: Middleware = async () => undefined;
  const provider = {
    on: (_event: string, listener: typeof revoked) => void (revoked = listener),
    use: (added: Middleware) => void (middleware = added),
  } as unknown as Provider;
  /** A token request whose handling revokes `grantId`; resolves when its answer may leave. */
  const answer = (grantId: string) => {
    const ctx = {};
    return middleware(ctx, async () => revoked(ctx, grantId));
  };
  return { provider, answer };
}

describe('grant-revocation (RFC 6749 4.1.2): the revocation is also announced on the durable stream, for a bank that was down', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errors.mockRestore());

  it('announces the revocation the bank acknowledged: the same grant, at the same time', async () => {
    const { provider, answer } = providerStandIn();
    const asked: GrantRevoked[] = [];
    const announced: GrantRevoked[] = [];
    const bank = { request: async (_subject: string, revocation: GrantRevoked) => (asked.push(revocation), ok({ grantId: revocation.grantId })) };
    revokeGrantsAtTheBank(provider, bank as never, { publish: async (revocation) => void announced.push(revocation) });

    await answer('grant-of-a-reused-code');

    expect(announced).toEqual([{ grantId: 'grant-of-a-reused-code', at: expect.any(String) }]);
    expect(asked).toEqual(announced);
    expect(errors).not.toHaveBeenCalled();
  });

  it('a failed announcement is logged and the answer still leaves once the bank acknowledged', async () => {
    const { provider, answer } = providerStandIn();
    const bank = { request: async (_subject: string, revocation: GrantRevoked) => ok({ grantId: revocation.grantId }) };
    revokeGrantsAtTheBank(provider, bank as never, { publish: () => Promise.reject(new Error('no JetStream here')) });

    await expect(answer('grant-unannounced')).resolves.toBeUndefined();
    await new Promise(setImmediate);

    expect(errors).toHaveBeenCalledWith('could not announce the revocation of grant grant-unannounced: no JetStream here');
  });
});
