import { PrismaPg } from '@prisma/adapter-pg';
import { reportLostConnections } from './lost-connections';

/** The shape every generated Prisma client constructor shares, so one factory serves each service's schema. */
type PrismaClientClass<T> = new (options: { adapter: PrismaPg; errorFormat?: 'minimal' }) => T;

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;
type PgTransaction = Awaited<ReturnType<PgAdapter['startTransaction']>>;

/** The statements with which Prisma's transaction manager ends a transaction before it hands the connection back. */
const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK)\s*$/i;

/**
 * adapter-pg as Prisma's client engine uses it, except that a transaction whose COMMIT or ROLLBACK fails still gives
 * its connection back. The engine sends COMMIT/ROLLBACK as a query and only then calls the transaction's
 * commit()/rollback(), which release the pooled connection; when that query fails (the connection was terminated:
 * 57P01) the release never happens, so the pool shrinks by one connection for good and `pool.end()` (every
 * `$disconnect()`) waits forever. A released dead connection is discarded by the pool.
 */
class PrismaPgReleasingFailedTransactions extends PrismaPg {
  override async connect(): Promise<PgAdapter> {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => releasedWhenEndingFails(await startTransaction(isolationLevel));
    return adapter;
  }
}

function releasedWhenEndingFails(transaction: PgTransaction): PgTransaction {
  const executeRaw = transaction.executeRaw.bind(transaction);
  transaction.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (ENDS_TRANSACTION.test(query.sql)) await transaction.rollback();
      throw error;
    }
  };
  return transaction;
}

/**
 * A Prisma client for a generated schema, talking to PostgreSQL through node-postgres (no native engine). A lost
 * connection (idle in the pool, or held by a transaction) is reported, never thrown: the query it ran fails, the next
 * one gets a new connection. Its errors are one line (`errorFormat: 'minimal'`): the default quotes the minified
 * generated client around the failing call, tens of kilobytes in a log.
 */
export function createPrismaClient<T>(Client: PrismaClientClass<T>, connectionString: string): T {
  const report = reportLostConnections('Database');
  return new Client({
    adapter: new PrismaPgReleasingFailedTransactions({ connectionString }, { onPoolError: report, onConnectionError: report }),
    errorFormat: 'minimal',
  });
}
