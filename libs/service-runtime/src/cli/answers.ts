/**
 * `node libs/service-runtime/dist/cli/answers.js <url>`: exits 0 when the URL answers 2xx (over TLS trusting the sandbox
 * CA for an https URL), 1 otherwise: the container health checks of docker-compose.yml (`/health/ready`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';
import { sandboxConfig } from '../sandbox-config';

async function main(url: string | undefined): Promise<boolean> {
  if (!url) throw new Error('usage: answers.js <url>');
  const dispatcher = new Agent({ connect: { ca: readFileSync(path.join(sandboxConfig().certsDir, 'ca.pem')) } });
  try {
    const response = await request(url, { dispatcher });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300;
  } finally {
    await dispatcher.close();
  }
}

main(process.argv[2]).then(
  (answered) => process.exit(answered ? 0 : 1),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
