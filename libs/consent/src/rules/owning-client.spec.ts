import { askedByOwner, isOwnedBy } from './owning-client';

describe('who owns a consent', () => {
  it('only the client that created a consent owns it', () => {
    expect(isOwnedBy({ clientId: 'tpp-a' }, 'tpp-a')).toBe(true);
    expect(isOwnedBy({ clientId: 'tpp-a' }, 'tpp-b')).toBe(false);
  });

  it('a change only the owner may ask for is allowed to the client that created the consent only', () => {
    expect(askedByOwner({ clientId: 'tpp-a' }, { clientId: 'tpp-a' })).toBe(true);
    expect(askedByOwner({ clientId: 'tpp-a' }, { clientId: 'tpp-b' })).toBe(false);
  });
});
