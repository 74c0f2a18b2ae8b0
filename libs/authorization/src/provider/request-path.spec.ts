import { readdirSync } from 'node:fs';
import path from 'node:path';
import { AUTHORIZATION_SERVER_RULES } from '@fapi/refusal-catalogue';
import { REQUEST_PATH } from './request-path';

const RULES_DIR = path.join(__dirname, '..', 'rules');
const ruleFiles = () =>
  readdirSync(RULES_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => file.replace(/\.ts$/, ''));

describe('the request path lists every rule of ../rules where oidc-provider runs it', () => {
  it('names every rule file, so the table cannot go stale when a rule is added', () => {
    const listed = new Set(REQUEST_PATH.map((step) => step.rule));
    expect(ruleFiles().filter((rule) => !listed.has(rule))).toEqual([]);
  });

  it('names only rule files that exist', () => {
    const files = new Set(ruleFiles());
    expect(REQUEST_PATH.map((step) => step.rule).filter((rule) => !files.has(rule))).toEqual([]);
  });

  it('gives each step the catalogue rules it refuses by, or what it enforces', () => {
    expect(REQUEST_PATH.filter((step) => !step.refuses?.length && !step.clause)).toEqual([]);
  });

  it('places every refusal rule of the authorization server at a step, but those refused outside ../rules', () => {
    const placed = new Set(REQUEST_PATH.flatMap((step) => step.refuses ?? []).map((rule) => rule.id));
    // client_profile is read by profiles/client-profile.ts, a pushed request_uri is spent by the storage adapter
    const outsideRules = ['rfc9126.request-uri.single-use', 'registration.client-profile.known'];
    const unplaced = Object.values(AUTHORIZATION_SERVER_RULES).map((rule) => rule.id).filter((id) => !placed.has(id));
    expect(unplaced).toEqual(outsideRules);
  });
});
