import { hashPassword, PUBLISHED_PASSWORD_COST, verifyPassword } from './password-hash';

describe('customer passwords are stored as scrypt hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('mia-sandbox-pass');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    await expect(verifyPassword('mia-sandbox-pass', stored)).resolves.toBe(true);
    await expect(verifyPassword('mia-sandbox-pas', stored)).resolves.toBe(false);
  });

  it('a published password is hashed at its lower cost, named in the hash, and verified at that cost', async () => {
    const stored = await hashPassword('mia-sandbox-pass', PUBLISHED_PASSWORD_COST);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    await expect(verifyPassword('mia-sandbox-pass', stored)).resolves.toBe(true);
    await expect(verifyPassword('mia-sandbox-pas', stored)).resolves.toBe(false);
    // the same hash read at another cost is another key: the cost in the hash is the one used
    await expect(verifyPassword('mia-sandbox-pass', stored.replace('scrypt$1024$', 'scrypt$2048$'))).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('a malformed stored hash never matches', async () => {
    await expect(verifyPassword('x', 'plain-text')).resolves.toBe(false);
  });
});
