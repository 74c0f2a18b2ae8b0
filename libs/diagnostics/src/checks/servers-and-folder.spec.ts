import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestPki } from '@fapi/testing';
import { DiagnosisContext } from '../diagnosis-context';
import { Unreachable } from '../https-probe';
import { answer, BANK_URL, ENDPOINTS, fakeSandbox, ISSUER, onboardedTppForThisFile } from '../testing/fake-sandbox';
import { authorizationServerReachable } from './authorization-server-reachable';
import { bankReachable } from './bank-reachable';
import { folderReadable } from './folder-readable';
import { sandboxCa } from './sandbox-ca';

const onboarded = onboardedTppForThisFile();

/** A context that has read the folder only (the servers not yet reached). */
function folderRead(https = fakeSandbox(() => answer(200)).https, certsDir?: string): DiagnosisContext {
  const context = new DiagnosisContext({ folder: '/onboarded/faked', https, now: () => new Date(), certsDir });
  context.tpp = onboarded.tpp;
  return context;
}

describe('the onboarded folder', () => {
  it('a folder that does not exist names its client.json missing', () => {
    const folder = path.join(mkdtempSync(path.join(tmpdir(), 'diagnosed-')), 'absent');
    try {
      expect(folderReadable.run(new DiagnosisContext({ folder, https: jest.fn(), now: () => new Date() }))).toEqual({
        status: 'problem',
        summary: `${folder}/client.json: missing`,
        fix: 'restore the file onboarding wrote, or onboard the TPP again (npm run onboard)',
      });
    } finally {
      rmSync(path.dirname(folder), { recursive: true, force: true });
    }
  });
});

describe("ca.pem against the sandbox's certs folder (--certs)", () => {
  it('not compared without --certs', async () => {
    expect(await sandboxCa.run(folderRead())).toMatchObject({ status: 'skipped' });
  });

  it('the same CA passes; another sandbox’s CA is a problem saying to onboard again there', async () => {
    expect(await sandboxCa.run(folderRead(undefined, onboarded.pki.certsDir))).toEqual({ status: 'ok', summary: `ca.pem is the sandbox's CA (${onboarded.pki.certsDir}/ca.pem)` });
    const other = await TestPki.create();
    try {
      expect(await sandboxCa.run(folderRead(undefined, other.certsDir))).toEqual({
        status: 'problem',
        summary: `ca.pem is not the sandbox's CA (${other.certsDir}/ca.pem): the sandbox made new certificates since you onboarded`,
        fix: `onboard again against this sandbox (npm run onboard -- --certs ${other.certsDir})`,
      });
    } finally {
      other.remove();
    }
  });
});

describe('the servers answer', () => {
  it('the authorization server: its discovery document naming client.json’s issuer', async () => {
    const context = folderRead(fakeSandbox(() => answer(200, ENDPOINTS)).https);
    expect(await authorizationServerReachable.run(context)).toEqual({ status: 'ok', summary: `the authorization server answers at ${ISSUER} (TLS verified with ca.pem)` });
    expect(context.endpoints).toEqual(ENDPOINTS);
  });

  it('a discovery document of another issuer', async () => {
    const context = folderRead(fakeSandbox(() => answer(200, { ...ENDPOINTS, issuer: 'https://elsewhere.example' })).https);
    expect(await authorizationServerReachable.run(context)).toMatchObject({
      status: 'problem',
      summary: `${ISSUER}/.well-known/openid-configuration names the issuer https://elsewhere.example, not client.json's ${ISSUER}`,
    });
  });

  it('no answer: the URL and what happened', async () => {
    const refused = new Unreachable(`${ISSUER}/.well-known/openid-configuration`, 'connection refused at as.example', 'start the sandbox');
    const context = folderRead(
      fakeSandbox(() => {
        throw refused;
      }).https,
    );
    expect(await authorizationServerReachable.run(context)).toEqual({
      status: 'problem',
      summary: `the authorization server cannot be reached at ${ISSUER}/.well-known/openid-configuration: connection refused at as.example`,
      fix: 'start the sandbox',
    });
  });

  it('the bank: its JWKS; anything else at that URL is not the bank', async () => {
    expect(await bankReachable.run(folderRead(fakeSandbox(() => answer(200, { keys: [] })).https))).toEqual({
      status: 'ok',
      summary: `the bank answers at ${BANK_URL} (TLS verified with ca.pem)`,
    });
    expect(await bankReachable.run(folderRead(fakeSandbox(() => answer(404)).https))).toMatchObject({ status: 'problem', summary: `${BANK_URL}/jwks answered HTTP 404, not the bank's JWKS` });
  });
});
