/** Issue 8, metrics: consents by kind and status change, counted where the engine announces a committed change. */
import type { INestMicroservice } from '@nestjs/common';
import { register } from 'prom-client';
import { Requests } from '@fapi/nats-contract';
import { ConsentServiceTestbed, SWEEP_OFF_MS, TPP_A, valueOf } from '../testing/consent-service-testbed';

const testbed = new ConsentServiceTestbed('fapi_unit_consent_metrics');
let service: INestMicroservice;
beforeAll(async () => {
  await testbed.start();
  service = await testbed.startService(SWEEP_OFF_MS);
}, 60_000);
afterAll(async () => {
  await service?.close();
  await testbed.stop();
});

/** The value of fapi_consent_status_changes_total for these labels (0 when never counted). */
async function changesCounted(labels: { kind: string; from: string; to: string }): Promise<number> {
  const metric = await register.getSingleMetric('fapi_consent_status_changes_total')?.get();
  const found = metric?.values.find(({ labels: l }) => l.kind === labels.kind && l.from === labels.from && l.to === labels.to);
  return found?.value ?? 0;
}

it('an account-access consent authorised then revoked counts AWAU -> AUTH and AUTH -> CANC under its kind', async () => {
  const authorisedBefore = await changesCounted({ kind: 'accountAccess', from: 'AWAU', to: 'AUTH' });
  const revokedBefore = await changesCounted({ kind: 'accountAccess', from: 'AUTH', to: 'CANC' });
  const { consentId } = valueOf(await testbed.caller.request(Requests.createAccountAccessConsent, { clientId: TPP_A, permissions: ['ReadAccountsBasic'] }));
  valueOf(await testbed.caller.request(Requests.authoriseAccountAccessConsent, { consentId, clientId: TPP_A, psuId: 'psu-1', accountIds: ['acc-1'] }));
  valueOf(await testbed.caller.request(Requests.revokeAccountAccessConsent, { consentId, clientId: TPP_A, revokedBy: 'TPP' }));

  expect(await changesCounted({ kind: 'accountAccess', from: 'AWAU', to: 'AUTH' })).toBe(authorisedBefore + 1);
  expect(await changesCounted({ kind: 'accountAccess', from: 'AUTH', to: 'CANC' })).toBe(revokedBefore + 1);
});
