import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController, READINESS_CHECKS } from './health.controller';
import { MetricsController } from './metrics.controller';
import type { ReadinessCheck } from './readiness-check';

/** The paths every service serves to its operators (and that a service mounting another router lets through to Nest). */
export const OPERATIONS_PATHS = /^\/(health\/|metrics(\?|$))/;

/** `/health/live`, `/health/ready` (with the service's readiness checks) and `/metrics`, added to every service. */
@Module({})
export class OperationsModule {
  static forService(readiness: readonly ReadinessCheck[]): DynamicModule {
    return {
      module: OperationsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: READINESS_CHECKS, useValue: readiness }],
    };
  }
}
