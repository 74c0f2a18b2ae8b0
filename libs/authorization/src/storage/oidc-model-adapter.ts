import { type Adapter, type AdapterPayload, errors } from 'oidc-provider';
import { AUTHORIZATION_SERVER_RULES as RULES, refusalText } from '@fapi/refusal-catalogue';
import type { OidcModelStore } from './oidc-model-store';
import { type AnnounceClientChange, CachedClientAdapter, type RegisteredClientCache } from './registered-client-cache';

/**
 * Models kept a while after they expire, so oidc-provider still finds them and tells why they are refused: RFC 8628
 * 3.5, a device polling with an expired device code is answered expired_token (a device code no longer found would be
 * invalid_grant), and the verification page says the user code expired.
 */
const KEPT_AFTER_EXPIRY_SECONDS: Partial<Record<string, number>> = { DeviceCode: 10 * 60 };

/**
 * oidc-provider's storage contract for one model kind, on the shared `oidc_model` table. A lost race to consume a
 * single-use artefact (two instances redeeming the same code or request_uri at once) is refused with the error the
 * provider itself gives for reuse.
 */
export class OidcModelAdapter implements Adapter {
  constructor(
    private readonly kind: string,
    private readonly store: OidcModelStore,
  ) {}

  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const keptAfterExpiry = KEPT_AFTER_EXPIRY_SECONDS[this.kind] ?? 0;
    return this.store.upsert(this.kind, id, payload, expiresIn === undefined ? undefined : expiresIn + keptAfterExpiry);
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.find(this.kind, id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.store.findByUid(this.kind, uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.store.findByUserCode(this.kind, userCode);
  }

  async consume(id: string): Promise<void> {
    if (await this.store.consume(this.kind, id)) return;
    if (this.kind === 'PushedAuthorizationRequest') {
      throw new errors.InvalidRequestUri(refusalText(RULES.requestUriOnce, 'the request_uri is unknown, expired or already used'));
    }
    throw new errors.InvalidGrant(refusalText(RULES.consumedOnce, `the ${this.kind} was already used`));
  }

  destroy(id: string): Promise<void> {
    return this.store.destroy(this.kind, id);
  }

  revokeByGrantId(grantId: string): Promise<void> {
    return this.store.revokeByGrantId(this.kind, grantId);
  }
}

/** Registered clients are read through a cache, whose entries go when a registration changes at any instance. */
export interface ClientRegistrations {
  cache: RegisteredClientCache;
  announceChange: AnnounceClientChange;
}

/** The `adapter` option: oidc-provider calls it once per model name. */
export const oidcModelAdapterFactory =
  (store: OidcModelStore, clients: ClientRegistrations) =>
  (kind: string): Adapter =>
    kind === 'Client' ? new CachedClientAdapter(new OidcModelAdapter(kind, store), clients.cache, clients.announceChange) : new OidcModelAdapter(kind, store);
