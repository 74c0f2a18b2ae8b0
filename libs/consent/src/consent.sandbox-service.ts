import { type DynamicModule, Module } from '@nestjs/common';
import { NatsContractModule } from '@fapi/nats-contract';
import { sandboxConfig, type NatsSandboxService } from '@fapi/service-runtime';
import { ConsentModule } from './consent.module';

/** consent-service: the consent lifecycles on NATS only, emitting their status changes on the same NATS server. */
export function consentService(): NatsSandboxService {
  const module: DynamicModule = {
    module: ConsentServiceModule,
    imports: [NatsContractModule.forRoot(sandboxConfig().natsUrl), ConsentModule.forRoot()],
  };
  return { module };
}

@Module({})
class ConsentServiceModule {}
