import type { ServerResponse } from 'node:http';
import { type ArgumentsHost, Catch, Controller, type ExceptionFilter, Get, HttpException, Inject, UseFilters } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from './readiness-check';

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** A probe that does not answer within this time counts as down (a half-open connection would otherwise hang it). */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Terminus' body as it is (`{ status, info, error, details }`), whatever exception filters the service installs
 * globally (the bank's answers OB error bodies): a controller's own filter is consulted before the global ones.
 */
@Catch(HttpException)
class TerminusBody implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<ServerResponse>()
      .writeHead(exception.getStatus(), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      .end(JSON.stringify(exception.getResponse()));
  }
}

/**
 * Liveness and readiness (Kubernetes' probes, docker-compose's healthchecks). No client certificate, token, throttle
 * or CSRF token is asked for: nothing here is behind the guards of the service's own endpoints.
 */
@Controller('health')
@UseFilters(TerminusBody)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
    @Inject(READINESS_CHECKS) private readonly checks: readonly ReadinessCheck[],
  ) {}

  /** The process answers: nothing else is checked. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.checks.map((check) => () => {
        return this.indicators
          .check(check.name)
          .attempt(async () => void (await check.probe((token) => this.moduleRef.get(token, { strict: false }))))
          .withTimeout(PROBE_TIMEOUT_MS);
      }),
    );
  }
}
