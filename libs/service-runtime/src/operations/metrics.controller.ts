import { Controller, Get, Header } from '@nestjs/common';
import { register } from 'prom-client';

/** Prometheus' text exposition of prom-client's default registry, where every metric of the service is registered. */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', register.contentType)
  @Header('cache-control', 'no-store')
  metrics(): Promise<string> {
    return register.metrics();
  }
}
