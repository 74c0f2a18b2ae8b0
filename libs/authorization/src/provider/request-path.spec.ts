import { readdirSync } from 'node:fs';
import path from 'node:path';
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
});
