import path from 'node:path';
import { loadOnboardedTpp } from '@fapi/onboarding';
import { sandboxConfig, type HttpsSandboxService } from '@fapi/service-runtime';
import { TppClientModule } from './tpp-client.module';

/**
 * tpp-client: the sample fintech at TPP_URL, acting as the TPP onboarded in TPP_ONBOARDED_DIR (default
 * onboarded/tpp-client). It keeps no database or NATS connection: ready whenever it answers. One instance only while its
 * sessions are in its memory (SERVICE_STATE).
 */
export function tppClientService(): HttpsSandboxService {
  const { tppUrl } = sandboxConfig();
  const tpp = loadOnboardedTpp(path.resolve(process.env.TPP_ONBOARDED_DIR || 'onboarded/tpp-client'));
  return {
    module: TppClientModule.forTpp({ tpp, publicUrl: tppUrl }),
    https: { identity: 'tpp-client', publicUrl: tppUrl, readiness: [] },
  };
}
