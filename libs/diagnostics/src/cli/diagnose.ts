/**
 * `npm run diagnose -- --client onboarded/acme [--certs DIR] [--json]`: checks an onboarded folder against the running
 * sandbox, prints what is wrong in plain words and what to do, and exits 1 when something is.
 */
import { diagnose } from '../diagnose';
import { diagnosisJson, diagnosisText } from '../report';
import { UsageError } from '@fapi/command-line';
import { parseDiagnoseArguments, USAGE } from './diagnose-arguments';

async function main(argv: string[]): Promise<void> {
  const command = parseDiagnoseArguments(argv);
  if (command.help) return console.log(USAGE);
  const diagnosis = await diagnose({ folder: command.folder, certsDir: command.certsDir });
  process.stdout.write(command.json ? diagnosisJson(diagnosis) : diagnosisText(diagnosis));
  process.exitCode = diagnosis.healthy ? 0 : 1;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`diagnose: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`diagnose: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
});
