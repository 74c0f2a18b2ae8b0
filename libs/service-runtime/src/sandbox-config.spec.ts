import { DEFAULT_SANDBOX_ID } from '@fapi/nats-contract';
import { sandboxConfig } from './sandbox-config';

describe('SANDBOX_ID names the sandbox’s namespace on NATS, and only a name NATS can carry is taken', () => {
  it('is `sandbox` when unset or empty', () => {
    expect(sandboxConfig({}).sandboxId).toBe(DEFAULT_SANDBOX_ID);
    expect(sandboxConfig({ SANDBOX_ID: '' }).sandboxId).toBe('sandbox');
  });

  it.each(['team-a', 'e2e-0f3c9a12', '7', 'a'.repeat(32)])('takes %s (1 to 32 of a-z, 0-9 and -)', (sandboxId) => {
    expect(sandboxConfig({ SANDBOX_ID: sandboxId }).sandboxId).toBe(sandboxId);
  });

  it.each([
    ['a subject separator', 'team.a'],
    ['a wildcard', 'team-*'],
    ['the full wildcard', '>'],
    ['whitespace', 'team a'],
    ['the `_` joining it to stream names', 'team_a'],
    ['upper case', 'Team-A'],
    ['a path separator (stream names are file names)', 'team/a'],
    ['33 characters', 'a'.repeat(33)],
  ])('refuses one with %s, in one line naming the setting and the rule', (_what, sandboxId) => {
    expect(() => sandboxConfig({ SANDBOX_ID: sandboxId })).toThrow(
      new Error(`SANDBOX_ID ${JSON.stringify(sandboxId)} is not 1 to 32 of a-z, 0-9 and -`),
    );
  });

  it('keeps the refusal on one line whatever the value holds', () => {
    expect(() => sandboxConfig({ SANDBOX_ID: 'team\na' })).toThrow(new Error('SANDBOX_ID "team\\na" is not 1 to 32 of a-z, 0-9 and -'));
  });
});

describe('NATS_STREAM_REPLICAS says on how many JetStream nodes each stream lives, refused at start-up unless JetStream allows it', () => {
  it('is 1 when unset or empty: one NATS server', () => {
    expect(sandboxConfig({}).streamReplicas).toBe(1);
    expect(sandboxConfig({ NATS_STREAM_REPLICAS: '' }).streamReplicas).toBe(1);
  });

  it.each([
    ['1', 1],
    ['3', 3],
    ['5', 5],
  ])('takes %s', (text, replicas) => {
    expect(sandboxConfig({ NATS_STREAM_REPLICAS: text }).streamReplicas).toBe(replicas);
  });

  it.each(['0', '6', '-1', '2.5', 'three', '3 ', '0x3', '1e0'])('refuses %j, naming the setting and the range', (text) => {
    expect(() => sandboxConfig({ NATS_STREAM_REPLICAS: text })).toThrow(
      new Error(
        `NATS_STREAM_REPLICAS ${JSON.stringify(text)} is not a whole number from 1 to 5 ` +
          '(how many JetStream nodes keep each stream: 1 on one NATS server, the cluster size on a cluster of 3 or 5)',
      ),
    );
  });
});
