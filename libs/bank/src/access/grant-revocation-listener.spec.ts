/**
 * Issue 9: a grant revocation the bank missed while it was down (the AS's acknowledged request found no bank) reaches
 * it from the durable stream Streams.grantRevocations once it is back. On the machine's NATS server (127.0.0.1:4222,
 * or NATS_URL) in a sandbox of this run's own, and a real database; the outage on a private NATS server.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { DurableStreamPublisher, durableStreamNames, LONGEST_ACCESS_TOKEN_LIFETIME_MS, type SandboxNats, Streams } from '@fapi/nats-contract';
import { dropDatabase, eventually, freshDatabase, startPrivateNatsServer, Teardown, TEST_SANDBOX_ID } from '@fapi/testing';
import { BankStore } from '../ledger/bank-store';
import { PreparedStatements } from '../ledger/prepared-statements';
import { GrantRevocationListener } from './grant-revocation-listener';
import { RevokedGrants } from './revoked-grants';

jest.setTimeout(30_000);

describe('the bank records the grant revocations the AS published on the durable stream, also those it missed while down', () => {
  const teardown = new Teardown();
  const sandbox: SandboxNats = { natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222', sandboxId: `revocations-${randomUUID().slice(0, 8)}` };
  const names = durableStreamNames(sandbox.sandboxId, Streams.grantRevocations);
  let store: BankStore;
  let revoked: RevokedGrants;
  let theAs: DurableStreamPublisher<typeof Streams.grantRevocations>;
  let connection: NatsConnection;
  let manager: JetStreamManager;

  /** A bank instance's listener, recording until the test (or the teardown) stops it. */
  const startBank = async () => {
    const listener = await GrantRevocationListener.connect(sandbox, revoked, { retryDelayMs: 100 });
    await listener.onApplicationBootstrap();
    let stopped = false;
    const stop = async () => void (stopped || ((stopped = true), await listener.beforeApplicationShutdown()));
    teardown.add(listener, stop);
    return { stop };
  };
  const records = (grantId: string) => store.prisma.revokedGrant.findMany({ where: { grantId } });
  /** Every message of the stream acknowledged (or terminated): none waiting, none delivered and unacknowledged. */
  const allHandled = async () => {
    const { num_pending, num_ack_pending } = await manager.consumers.info(names.stream, names.consumer);
    return num_pending === 0 && num_ack_pending === 0 ? true : undefined;
  };

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    const databaseUrl = teardown.add(await freshDatabase('bank', 'fapi_unit_bank_revocation_stream'), dropDatabase);
    store = teardown.add(BankStore.connect(databaseUrl), (store) => store.disconnect());
    revoked = new RevokedGrants(store, teardown.add(new PreparedStatements(databaseUrl), (statements) => statements.onApplicationShutdown()));
    connection = teardown.add(await connect({ servers: sandbox.natsUrl }), (connection) => connection.close());
    manager = await jetstreamManager(connection);
    teardown.add(names.stream, (stream) => manager.streams.delete(stream).catch(() => false));
    theAs = teardown.add(new DurableStreamPublisher(sandbox, Streams.grantRevocations), (publisher) => publisher.onApplicationShutdown());
  }, 60_000);
  afterAll(() => teardown.run());

  it('a revocation published while no bank listens is recorded before a bank starts serving, and only that grant is revoked', async () => {
    await theAs.publish({ grantId: 'grant-while-bank-down', at: '2026-12-06T10:00:00.000Z' });
    await expect(revoked.isRevoked('grant-while-bank-down')).resolves.toBe(false);

    const bank = await startBank();
    // recorded by the time the bank starts serving: its first answer refuses a token of that grant
    await expect(records('grant-while-bank-down')).resolves.toEqual([{ grantId: 'grant-while-bank-down', revokedAt: new Date('2026-12-06T10:00:00.000Z') }]);
    await expect(revoked.isRevoked('grant-never-revoked')).resolves.toBe(false);
    await eventually(allHandled, 'the revocation to be acknowledged');
    await bank.stop();
  });

  it('a bank that restarts gets the revocations published while it was down, and none it already recorded again', async () => {
    const before = await startBank();
    await theAs.publish({ grantId: 'grant-before-restart', at: new Date().toISOString() });
    await eventually(async () => ((await revoked.isRevoked('grant-before-restart')) ? true : undefined), 'the first revocation to be recorded');
    await eventually(allHandled, 'the first revocation to be acknowledged');
    await before.stop();

    await theAs.publish({ grantId: 'grant-during-restart', at: new Date().toISOString() });
    const { num_pending } = await manager.consumers.info(names.stream, names.consumer);
    expect(num_pending).toBe(1);

    const after = await startBank();
    await expect(revoked.isRevoked('grant-during-restart')).resolves.toBe(true);
    await expect(allHandled()).resolves.toBe(true);
    await after.stop();
  });

  it('the same revocation delivered twice is recorded once, with the time of the first', async () => {
    const bank = await startBank();
    await theAs.publish({ grantId: 'grant-announced-twice', at: '2026-12-06T10:00:00.000Z' });
    await theAs.publish({ grantId: 'grant-announced-twice', at: '2026-12-06T10:00:05.000Z' });

    await eventually(allHandled, 'both deliveries to be acknowledged');
    await expect(records('grant-announced-twice')).resolves.toEqual([{ grantId: 'grant-announced-twice', revokedAt: new Date('2026-12-06T10:00:00.000Z') }]);
    await bank.stop();
  });

  it('a revocation that names no usable grant is dropped, recorded nowhere, and does not hold up the next one', async () => {
    const bank = await startBank();
    const js = jetstream(connection);
    await js.publish(names.subject, JSON.stringify({ grantId: '', at: new Date().toISOString() }));
    await js.publish(names.subject, 'not json');
    await theAs.publish({ grantId: 'grant-after-malformed', at: new Date().toISOString() });

    await eventually(async () => ((await revoked.isRevoked('grant-after-malformed')) ? true : undefined), 'the valid revocation to be recorded');
    await eventually(allHandled, 'the malformed revocations to be dropped');
    await expect(store.prisma.revokedGrant.count({ where: { grantId: '' } })).resolves.toBe(0);
    await bank.stop();
  });

  it('the stream keeps a revocation as long as a token it revokes can live, acknowledged or not, for every bank instance sharing one consumer', async () => {
    const { config } = await manager.streams.info(names.stream);
    expect({ maxAge: config.max_age, retention: config.retention, subjects: config.subjects }).toEqual({
      maxAge: nanos(LONGEST_ACCESS_TOKEN_LIFETIME_MS),
      retention: 'limits',
      subjects: [`${sandbox.sandboxId}.authorization.grant.revoked`],
    });
    const consumers = await manager.consumers.list(names.stream).next();
    expect(consumers.map(({ name }) => name)).toEqual([`${sandbox.sandboxId}_bank-grant-revocations`]);
  });
});

describe('the bank keeps recording grant revocations across a NATS outage, as the settlement worker does', () => {
  const teardown = new Teardown();
  afterAll(() => teardown.run());

  it('a revocation published after NATS came back is recorded by the listener that ran before the outage', async () => {
    Logger.overrideLogger(['error']);
    const nats = teardown.add(await startPrivateNatsServer({ jetstream: true }), (server) => server.stop());
    const sandbox: SandboxNats = { natsUrl: nats.url, sandboxId: TEST_SANDBOX_ID };
    const databaseUrl = teardown.add(await freshDatabase('bank', 'fapi_unit_bank_revocation_outage'), dropDatabase);
    const revoked = new RevokedGrants(
      teardown.add(BankStore.connect(databaseUrl), (store) => store.disconnect()),
      teardown.add(new PreparedStatements(databaseUrl), (statements) => statements.onApplicationShutdown()),
    );
    const listener = await GrantRevocationListener.connect(sandbox, revoked, { retryDelayMs: 100 });
    teardown.add(listener, (running) => running.beforeApplicationShutdown());
    await listener.onApplicationBootstrap();
    const theAs = teardown.add(new DurableStreamPublisher(sandbox, Streams.grantRevocations), (publisher) => publisher.onApplicationShutdown());
    await theAs.publish({ grantId: 'grant-before-outage', at: new Date().toISOString() });
    await eventually(async () => ((await revoked.isRevoked('grant-before-outage')) ? true : undefined), 'the first revocation to be recorded');

    await nats.interrupt();
    await nats.restart();

    // the AS's connection is back once its publish is acknowledged again
    await eventually(() => theAs.publish({ grantId: 'grant-after-outage', at: new Date().toISOString() }).then(() => true, () => undefined), 'a publish after the outage', {
      attempts: 40,
      intervalMs: 250,
    });
    await eventually(async () => ((await revoked.isRevoked('grant-after-outage')) ? true : undefined), 'the revocation after the outage to be recorded', {
      attempts: 80,
      intervalMs: 250,
    });
  });
});
