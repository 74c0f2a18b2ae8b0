import { overrideEnvironment } from './environment';
import { acceptsConnections } from './free-port';
import { launchNatsServer, startPrivateNatsServer } from './private-nats-server';

describe('a private NATS server', () => {
  it('says which Debian package to install when nats-server is missing', async () => {
    const restoreEnvironment = overrideEnvironment({ NATS_SERVER_BIN: 'nats-server-that-is-not-installed' });
    try {
      await expect(startPrivateNatsServer()).rejects.toThrow(/install the Debian package nats-server/);
    } finally {
      restoreEnvironment();
    }
  });

  it('can be started again by another owner from its launch description, on the same port (as an e2e story does)', async () => {
    const server = await startPrivateNatsServer({ jetstream: true });
    const killedByAnotherProcess = server.pid() as number;
    process.kill(killedByAnotherProcess, 'SIGKILL');
    for (let waited = 0; (await acceptsConnections(server.launch.port)) && waited < 50; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await acceptsConnections(server.launch.port)).toBe(false);

    const again = await launchNatsServer(server.launch);
    try {
      expect(await acceptsConnections(server.launch.port)).toBe(true);
      expect(server.launch.args).toEqual(expect.arrayContaining(['-js', '-sd', server.launch.storeDir]));
    } finally {
      again.kill('SIGTERM');
      await new Promise((resolve) => again.once('exit', resolve));
      await server.stop();
    }
  });
});
