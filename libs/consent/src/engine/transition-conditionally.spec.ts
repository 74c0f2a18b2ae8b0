import { ok, refuse } from '@fapi/nats-contract';
import { transitionConditionally } from './transition-conditionally';

describe('a conditional transition', () => {
  type Consent = { status: 'AWAU' | 'AUTH' | 'RJCT' };
  const authorise = { name: 'authorise', from: ['AWAU'] as const, to: 'AUTH' as const };
  const steps = (reads: Consent[], commits: (Consent | undefined)[]) => {
    const announced: string[] = [];
    return {
      announced,
      request: {
        transition: authorise,
        read: async () => reads.shift(),
        notFound: () => refuse<Consent>('NOT_FOUND', 'none'),
        check: () => undefined,
        commit: async () => commits.shift(),
        announce: async (changed: Consent, previous: string) => void announced.push(`${previous}->${changed.status}`),
        maxLostRaces: 2,
      },
    };
  };

  it('commits and announces the change once', async () => {
    const { request, announced } = steps([{ status: 'AWAU' }], [{ status: 'AUTH' }]);
    expect(await transitionConditionally(request)).toEqual(ok({ status: 'AUTH' }));
    expect(announced).toEqual(['AWAU->AUTH']);
  });

  it('after a lost race it checks the status the winner left, and announces nothing', async () => {
    const { request, announced } = steps([{ status: 'AWAU' }, { status: 'RJCT' }], [undefined]);
    expect(await transitionConditionally(request)).toEqual({ ok: false, error: { code: 'INVALID_STATUS', message: expect.any(String) } });
    expect(announced).toEqual([]);
  });

  it("the operation's own check comes before the status, and may answer without a change", async () => {
    const { request, announced } = steps([{ status: 'RJCT' }], []);
    expect(await transitionConditionally({ ...request, check: (consent) => ok(consent) })).toEqual(ok({ status: 'RJCT' }));
    expect(announced).toEqual([]);
  });

  it('an unknown consent is the caller-given not-found refusal', async () => {
    const { request } = steps([], []);
    expect(await transitionConditionally(request)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'none' } });
  });
});
