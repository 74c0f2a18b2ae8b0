/**
 * `DATABASE_URL=... NATS_URL=... node bench/statements-per-journey.mts [ais|payment] [journeys]` (after `npm run build`)
 *
 * How many PostgreSQL statements each service runs per journey, by statement (and by oidc-provider model kind): the
 * full AIS journeys of the ais-journeys benchmark, or the payments of the payments benchmark (a signed POST under an
 * idempotency key, then its settlement; the consents are authorised beforehand, not counted), one at a time, against a
 * bench sandbox whose services count their node-postgres statements (harness/count-statements.cjs). Also prints
 * PostgreSQL's CPU per journey (every postgres process on this machine, so on an otherwise idle one) and the NATS
 * messages per journey by subject (requests and events in the sandbox's namespace; replies go to inboxes and are not
 * counted). What the fifth to seventh sessions chose their changes by (bench/README.md).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { databaseUrl as databaseUrlOf } from '@fapi/persistence';
import type { IndependentTpp } from '../apps/sandbox-e2e/src/support/independent-tpp.ts';
import { submitPayment } from '../apps/sandbox-e2e/src/support/payments.ts';
import { aisJourneys } from './ais-journeys.bench.mts';
import { machineCpuMsOf } from './harness/process-cpu.mts';
import { type BenchSandbox, startBenchSandbox } from './harness/sandbox.mts';
import { authorisedPayments, finalStatuses } from './payments.bench.mts';

/** Uncounted journeys before the counted ones. */
const WARM_UP = 5;

/** A kind of journey: prepares what `count` of them need (not counted), then runs them one at a time (counted). */
type Journeys = (sandbox: BenchSandbox, tpp: IndependentTpp, count: number) => Promise<{ run(turn: number): Promise<void>; close(): Promise<void> }>;

const JOURNEYS: Record<string, Journeys> = {
  async ais(_sandbox, tpp) {
    const journey = aisJourneys(tpp);
    return {
      async run(turn) {
        if (!(await journey(turn))) throw new Error(`AIS journey ${turn} failed`);
      },
      close: async () => undefined,
    };
  },
  /** Each payment counts until the bank has settled it, so that the settlement worker's statements are its own. */
  async payment(sandbox, tpp, count) {
    const prepared = await authorisedPayments(tpp, count);
    const bank = new pg.Pool({ connectionString: databaseUrlOf('bank', { DATABASE_URL: sandbox.databaseBaseUrl }), max: 1 });
    return {
      async run(turn) {
        const { paymentId } = await submitPayment(tpp, prepared[turn]);
        const decided = await finalStatuses(bank, [paymentId], Date.now());
        if (!['ACSC', 'ACCC'].includes(decided.get(paymentId)?.status ?? '')) throw new Error(`payment ${turn} not settled`);
      },
      close: () => bank.end(),
    };
  },
};

const [kind = 'ais', countArgument = '40'] = process.argv.slice(2);
const journeys = Number(countArgument);
const { DATABASE_URL: databaseUrl, NATS_URL: natsUrl } = process.env;
if (!databaseUrl || !natsUrl || !(kind in JOURNEYS) || !Number.isInteger(journeys) || journeys < 1) {
  console.error(`usage: DATABASE_URL=postgresql://... NATS_URL=nats://... node bench/statements-per-journey.mts [${Object.keys(JOURNEYS).join('|')}, default ais] [journeys, default 40]`);
  process.exit(2);
}

/** Prints `counts` per journey, largest first, under `heading`; nothing when none was counted (a service these journeys do not use). */
function printPerJourney(heading: string, what: string, counts: Record<string, number>): void {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return;
  console.log(`\n${heading}: ${(total / journeys).toFixed(2)} ${what} per journey`);
  for (const [name, count] of rows) console.log(`${(count / journeys).toFixed(2).padStart(8)}  ${name}`);
}

/** Counts the messages published under `prefix` (the sandbox's namespace) from now until `stop()`, by subject without it. */
async function countNatsMessages(url: string, prefix: string): Promise<{ stop(): Promise<Record<string, number>> }> {
  const connection = await connect({ servers: url });
  const counts: Record<string, number> = {};
  connection.subscribe(`${prefix}>`, {
    callback: (_error, message) => {
      const subject = message.subject.slice(prefix.length);
      counts[subject] = (counts[subject] ?? 0) + 1;
    },
  });
  await connection.flush();
  return {
    async stop() {
      await connection.drain();
      return counts;
    },
  };
}

const workDir = mkdtempSync(path.join(tmpdir(), 'fapi-statements-'));
const countDir = path.join(workDir, 'counts');
mkdirSync(countDir);
process.env.STATEMENT_COUNT_DIR = countDir;
process.env.BENCH_SERVICE_NODE_OPTIONS = `--require ${path.resolve(import.meta.dirname, 'harness/count-statements.cjs')}`;

/** Tells every service to write what it counted since the last command and start again; waits until they have. */
async function cut(name: string): Promise<void> {
  writeFileSync(path.join(countDir, 'command'), name);
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

const sandbox = await startBenchSandbox('statements', { portBase: 39400, databaseUrl, natsUrl, workDir });
try {
  const tpp = await sandbox.onboardTpp('Statements Fintech');
  const warmUp = await JOURNEYS[kind](sandbox, tpp, WARM_UP);
  for (let turn = 0; turn < WARM_UP; turn++) await warmUp.run(turn);
  await warmUp.close();
  const counted = await JOURNEYS[kind](sandbox, tpp, journeys);
  await cut('warm-up');
  const natsMessages = await countNatsMessages(natsUrl, `${process.env.SANDBOX_ID}.`);
  const postgresBefore = machineCpuMsOf('postgres');
  for (let turn = 0; turn < journeys; turn++) await counted.run(turn);
  const postgresMs = machineCpuMsOf('postgres') - postgresBefore;
  const bySubject = await natsMessages.stop();
  await counted.close();
  await cut('counted');
  console.log(`${journeys} ${kind} journeys, one at a time; PostgreSQL's CPU ${(postgresMs / journeys).toFixed(2)} ms per journey`);
  printPerJourney('NATS', 'messages (requests and events)', bySubject);
  for (const file of readdirSync(countDir).filter((name) => name.endsWith('-counted.json'))) {
    const { service, counts } = JSON.parse(readFileSync(path.join(countDir, file), 'utf8')) as { service: string; counts: Record<string, number> };
    printPerJourney(service, 'statements', counts);
  }
} finally {
  await sandbox.stop();
  rmSync(workDir, { recursive: true, force: true });
}
