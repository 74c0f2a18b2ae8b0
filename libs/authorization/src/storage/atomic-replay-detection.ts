import { createHash } from 'node:crypto';
import type { Provider } from 'oidc-provider';
import type { ReplayRecords } from './replay-records';

/**
 * oidc-provider remembers the jti of client assertions and DPoP proofs (ReplayDetection.unique) by looking the id up,
 * then saving it: two instances receiving the same JWT at once could both find nothing and both accept it. Here the
 * same id (sha256 of iss and jti, as oidc-provider derives it) is recorded with one atomic statement in the shared
 * table, so exactly one of them accepts it.
 */
export function atomicReplayDetection(provider: Provider, records: ReplayRecords): void {
  provider.ReplayDetection.unique = async (iss: string, jti: string, expiresAt: number) => {
    const id = createHash('sha256').update(`${iss}${jti}`).digest('base64url');
    return records.rememberOnce('ReplayDetection', id, Math.max(expiresAt - Math.floor(Date.now() / 1000), 1));
  };
}
