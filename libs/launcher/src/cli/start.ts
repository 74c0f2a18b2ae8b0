/**
 * `npm start [-- --reset] [--home DIR] [--port-base N] [--instances N|auto] [--fintech-profile fapi2]`: starts the whole sandbox (see launchSandbox) and keeps it
 * running until Ctrl-C (or SIGTERM), which stops every process it started. A process that stops by itself is reported
 * with its last log lines and takes the sandbox down with it (exit code 1): never half a sandbox.
 */
import { repoRoot } from '../repo-root';
import { machineSurroundings } from '../backing-services/resolution';
import { launchSandbox } from '../launch-sandbox';
import { logTail } from '../processes/child-processes';
import { Progress } from '../progress';
import { readySummary } from '../ready-summary';
import { RunningSandbox, SandboxStopped } from '../running-sandbox';
import { UsageError } from '@fapi/command-line';
import { parseStartArguments, USAGE } from './start-arguments';

async function main(argv: string[]): Promise<void> {
  const args = parseStartArguments(argv, repoRoot);
  if (args.help) return console.log(USAGE);

  const stopAndExit = async (code: number) => {
    await sandbox.stop();
    process.exit(code);
  };
  const sandbox = new RunningSandbox((crashed) => {
    const code = crashed.child.exitCode ?? crashed.child.signalCode;
    console.error(`\n${crashed.name} stopped by itself (${code}); its last log lines (${crashed.logFile}):\n${logTail(crashed, 20)}\n\nstopping the sandbox`);
    void stopAndExit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (sandbox.isStopping) return;
      console.log(`\nstopping the sandbox (${signal})`);
      void stopAndExit(0);
    });
  }

  const progress = new Progress();
  try {
    const launched = await launchSandbox(
      { home: args.home, portBase: args.portBase, instances: args.instances, reset: args.reset, build: args.build, prettyLogs: Boolean(process.stdout.isTTY), fintechProfile: args.fintechProfile },
      sandbox,
      progress,
      machineSurroundings(),
    );
    console.log(readySummary(launched, progress.elapsed()));
  } catch (error) {
    if (sandbox.isStopping) return; // a stop request or a crash already tells its story
    if (error instanceof SandboxStopped) return;
    console.error(`\nnpm start: ${error instanceof Error ? error.message : String(error)}`);
    await stopAndExit(1);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`npm start: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`npm start: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
