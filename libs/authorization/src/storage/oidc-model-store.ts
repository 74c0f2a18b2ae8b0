import type { AdapterPayload } from 'oidc-provider';
import { Prisma, type PrismaClient } from '../../generated/prisma';
import { isStorableKey } from './storable-key';

/** Model kinds whose stored instances belong to a grant and go when the grant is revoked (oidc-provider's list). */
const GRANT_BOUND_KINDS = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

const notExpired = (now: Date): Prisma.OidcModelWhereInput => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

/**
 * Every oidc-provider artefact in one PostgreSQL table (`oidc_model`), keyed by model kind and id. Expired rows are
 * invisible to every lookup, so an entry lives exactly as long as oidc-provider asked, in every instance sharing the
 * database; `deleteExpired` reclaims their space. (Ids used once, the assertion and DPoP proof jtis, are recorded in
 * the same table by ./replay-records.ts.)
 */
export class OidcModelStore {
  constructor(private readonly prisma: PrismaClient) {}

  async upsert(kind: string, id: string, payload: AdapterPayload, expiresInSeconds?: number): Promise<void> {
    const row = {
      payload: payload as Prisma.InputJsonValue,
      grantId: GRANT_BOUND_KINDS.has(kind) ? (payload.grantId ?? null) : null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expiresAt: expiresInSeconds === undefined ? null : new Date(Date.now() + expiresInSeconds * 1000),
      // Saving a consumed artefact again (as found, with `consumed`) must not make it usable again.
      consumedAt: typeof payload.consumed === 'number' ? new Date(payload.consumed * 1000) : null,
    };
    await this.prisma.oidcModel.upsert({
      where: { kind_id: { kind, id } },
      create: { kind, id, ...row },
      update: row,
    });
  }

  /** The redirect_uris of every registered client (what a CORS preflight, which names no client, is checked against). */
  async registeredRedirectUris(): Promise<string[]> {
    const clients = await this.prisma.oidcModel.findMany({ where: { kind: 'Client' }, select: { payload: true } });
    return clients.flatMap(({ payload }) => {
      const uris = (payload as { redirect_uris?: unknown }).redirect_uris;
      return Array.isArray(uris) ? uris.filter((uri): uri is string => typeof uri === 'string') : [];
    });
  }

  async find(kind: string, id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere({ kind, id });
  }

  async findByUid(kind: string, uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere({ kind, uid });
  }

  async findByUserCode(kind: string, userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere({ kind, userCode });
  }

  /**
   * Marks the entry used, once: the conditional update lets only the first of two concurrent redemptions (in any
   * instance) through. Answers whether this call was that first one.
   */
  async consume(kind: string, id: string): Promise<boolean> {
    if (!isStorableKey(id)) return false;
    const now = new Date();
    const { count } = await this.prisma.oidcModel.updateMany({
      where: { kind, id, consumedAt: null, ...notExpired(now) },
      data: { consumedAt: now },
    });
    return count === 1;
  }

  async destroy(kind: string, id: string): Promise<void> {
    if (!isStorableKey(id)) return;
    await this.prisma.oidcModel.deleteMany({ where: { kind, id } });
  }

  async revokeByGrantId(kind: string, grantId: string): Promise<void> {
    if (!isStorableKey(grantId)) return;
    await this.prisma.oidcModel.deleteMany({ where: { kind, grantId } });
  }

  /** Deletes the entries whose lifetime has passed; answers how many went. */
  async deleteExpired(now = new Date()): Promise<number> {
    const { count } = await this.prisma.oidcModel.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }

  private async findWhere(where: { kind: string } & ({ id: string } | { uid: string } | { userCode: string })): Promise<AdapterPayload | undefined> {
    if (!Object.values(where).every(isStorableKey)) return undefined;
    const row = await this.prisma.oidcModel.findFirst({ where: { ...where, ...notExpired(new Date()) } });
    if (!row) return undefined;
    const payload = row.payload as AdapterPayload;
    return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
  }
}
