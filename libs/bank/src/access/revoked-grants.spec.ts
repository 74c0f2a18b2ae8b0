import { RevokedGrants, RevokedGrantsController } from './revoked-grants';

describe('the bank records the grants the authorization server announces as revoked', () => {
  function controllerRecording() {
    const revoked: Array<[string, Date]> = [];
    const grants = { revoke: async (grantId: string, at: Date) => void revoked.push([grantId, at]) } as unknown as RevokedGrants;
    return { controller: new RevokedGrantsController(grants), revoked };
  }

  it('records a grant with the time the AS revoked it', async () => {
    const { controller, revoked } = controllerRecording();
    await controller.grantRevoked({ grantId: 'grant-1', at: '2026-11-25T10:00:00.000Z' });
    expect(revoked).toEqual([['grant-1', new Date('2026-11-25T10:00:00.000Z')]]);
  });

  it.each([undefined, {}, { grantId: 42 }, { grantId: '' }, { grantId: 'x'.repeat(257) }])('ignores an announcement without a usable grantId (%p)', async (payload) => {
    const { controller, revoked } = controllerRecording();
    await controller.grantRevoked(payload);
    expect(revoked).toEqual([]);
  });
});
