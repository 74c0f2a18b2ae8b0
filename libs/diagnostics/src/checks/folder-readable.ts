import path from 'node:path';
import { loadOnboardedTpp, OnboardedFolderProblem } from '@fapi/onboarding';
import { passed, problem } from '../finding';
import type { DiagnosticCheck } from './diagnostic-check';

/** The folder as the developer named it: relative to where they are when inside it, else absolute. */
function shown(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  return relative.startsWith('..') ? folder : relative || '.';
}

const ONBOARD_AGAIN = 'restore the file onboarding wrote, or onboard the TPP again (npm run onboard)';

/** docs/architecture.md "Onboarded TPP folder": every file there and usable, as loadOnboardedTpp reads them (its errors name the file). */
export const folderReadable: DiagnosticCheck = {
  id: 'folder',
  title: 'the onboarded folder can be read',
  needs: [],
  run(context) {
    const { folder } = context.options;
    try {
      context.tpp = loadOnboardedTpp(folder);
    } catch (error) {
      if (error instanceof OnboardedFolderProblem) return problem(`${error.file}: ${error.problem}`, ONBOARD_AGAIN);
      return problem(`${folder} cannot be read: ${(error as Error).message}`, ONBOARD_AGAIN);
    }
    const tpp = context.onboarded;
    return passed(`${shown(folder)} is client ${tpp.clientId} at ${tpp.issuer} (${tpp.profile}, ${tpp.authMethod})`);
  },
};
