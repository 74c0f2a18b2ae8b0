import path from 'node:path';
import { loadOnboardedTpp } from '@fapi/onboarding';
import { runService, sandboxConfig, startHttpsService } from '@fapi/service-runtime';
import { TppClientModule } from '@fapi/tpp';

/** The sample fintech at TPP_URL, acting as the TPP onboarded in TPP_ONBOARDED_DIR. */
runService(async () => {
  const { tppUrl } = sandboxConfig();
  const tpp = loadOnboardedTpp(path.resolve(process.env.TPP_ONBOARDED_DIR || 'onboarded/tpp-client'));
  await startHttpsService(TppClientModule.forTpp({ tpp, publicUrl: tppUrl }), { identity: 'tpp-client', publicUrl: tppUrl });
});
