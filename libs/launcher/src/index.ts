/** Starts and stops a whole local sandbox (`npm start`), and the process handling and backing-service choice it shares with the tests. */
export * from './backing-services/resolution';
export * from './backing-services/provide';
export type { RunningBackingService } from './backing-services/running-backing-service';
export * from './processes/child-processes';
export * from './sandbox-environment';
export { releaseTestDatabase, useTestDatabase } from './testing/test-database';
export { launchSandbox, type LaunchedSandbox, type LaunchOptions } from './launch-sandbox';
export { Progress } from './progress';
export { RunningSandbox } from './running-sandbox';
