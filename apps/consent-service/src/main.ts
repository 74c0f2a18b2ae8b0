import { Module } from '@nestjs/common';
import { ConsentModule } from '@fapi/consent';
import { NatsContractModule } from '@fapi/nats-contract';
import { runService, sandboxConfig, startNatsService } from '@fapi/service-runtime';

/** The consent service: the consent lifecycle on NATS, emitting its status changes on the same connection's server. */
@Module({ imports: [NatsContractModule.forRoot(sandboxConfig().natsUrl), ConsentModule.forRoot()] })
class ConsentServiceModule {}

runService(() => startNatsService(ConsentServiceModule));
