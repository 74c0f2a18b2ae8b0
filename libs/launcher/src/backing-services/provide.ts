import path from 'node:path';
import { startNatsContainer, startPostgresContainer } from './containers';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startNatsServer } from './nats-server';
import type { NatsSource, PostgresSource } from './resolution';
import { type RunningBackingService, withoutPassword } from './running-backing-service';

export interface ProvideOptions {
  /** The sandbox's git-ignored home: the embedded cluster's data and the JetStream store live under it. */
  home: string;
  logsDir: string;
  ownProcessGroup?: boolean;
}

const fromEnvironment = (variable: string, url: string): RunningBackingService => ({
  url,
  description: `${variable} (${withoutPassword(url)})`,
  stop: async () => undefined,
});

export async function providePostgres(source: PostgresSource, options: ProvideOptions): Promise<RunningBackingService> {
  switch (source.kind) {
    case 'environment':
      return fromEnvironment('DATABASE_URL', source.url);
    case 'container':
      return startPostgresContainer();
    case 'embedded':
      return startEmbeddedPostgres({ dataDir: path.join(options.home, 'postgres'), ...options });
  }
}

export async function provideNats(source: NatsSource, options: ProvideOptions): Promise<RunningBackingService> {
  switch (source.kind) {
    case 'environment':
      return fromEnvironment('NATS_URL', source.url);
    case 'container':
      return startNatsContainer();
    case 'nats-server':
      return startNatsServer({ command: source.command, storeDir: path.join(options.home, 'nats'), ...options });
  }
}
