import path from 'node:path';
// The seed data alone: the package's index loads the whole bank service (NestJS), seconds before "ready".
import { SANDBOX_ACCOUNTS, SANDBOX_CUSTOMERS } from '@fapi/bank/dist/ledger/sandbox-ledger';
import { RUN_ONCE_SERVICES, SCALED_OUT_SERVICES } from '@fapi/service-runtime/dist/service-instances';
import { type LaunchedSandbox, shown } from './launch-sandbox';

/** How many instances of each service run, and which services run once. */
const instancesLine = (instances: number) =>
  instances === 1
    ? 'one of each service (npm start -- --instances N: N of each service that scales out)'
    : `${instances} each of ${SCALED_OUT_SERVICES.join(', ')} (node:cluster, sharing each port)${RUN_ONCE_SERVICES.length ? `; one ${RUN_ONCE_SERVICES.join(', one ')}` : ''}`;

/** What people need once the sandbox is up: where everything is, who can log in, what to do next, how to stop. */
export function readySummary(sandbox: LaunchedSandbox, elapsed: string): string {
  const customers = SANDBOX_CUSTOMERS.map((customer) => {
    const accounts = SANDBOX_ACCOUNTS.filter((account) => account.psuId === customer.psuId).map((account) => account.nickname);
    return `  ${customer.username.padEnd(6)} ${customer.password.padEnd(20)} ${accounts.join(', ')}`;
  });
  return [
    '',
    `Sandbox ready in ${elapsed}`,
    `  sample fintech        ${sandbox.tppUrl}`,
    `  authorization server  ${sandbox.issuer}   (discovery: ${sandbox.issuer}/.well-known/openid-configuration)`,
    `  bank (UK OB v4.0)     ${sandbox.bankUrl}/open-banking/v4.0/   (mTLS)`,
    `  consent-service       http://localhost:${sandbox.healthPort}/health/ready`,
    `  PostgreSQL            ${sandbox.postgres.description}`,
    `  NATS                  ${sandbox.nats.description}`,
    `  sandbox CA            ${shown(path.join(sandbox.certsDir, 'ca.pem'))}`,
    `  instances             ${instancesLine(sandbox.instances)}`,
    '',
    'Test customers (username, password, accounts):',
    ...customers,
    '',
    'Next:',
    `  1. Trust ${shown(path.join(sandbox.certsDir, 'ca.pem'))} in your browser (or accept its warning), open ${sandbox.tppUrl}`,
    '     and click "Connect your bank"; log in as a test customer and approve.',
    `  2. Onboard your own TPP: npm run onboard -- --certs ${shown(sandbox.certsDir)} --issuer ${sandbox.issuer} --bank ${sandbox.bankUrl} \\`,
    `       --name "Acme Budgeting" --redirect-uri https://localhost:9000/callback --auth-method tls_client_auth \\`,
    '       --response-style hybrid --out onboarded/acme   (README: "Onboard your own TPP")',
    `  Logs: ${shown(sandbox.logsDir)}/<service>.log.  Stop: Ctrl-C.  Start from scratch: npm start -- --reset`,
    '',
  ].join('\n');
}
