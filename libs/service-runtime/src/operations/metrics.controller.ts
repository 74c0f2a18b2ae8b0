import { Controller, Get, Header } from '@nestjs/common';
import { register } from 'prom-client';
import { isOneOfSeveralInstances, metricsOfAllInstances } from '../instances';

/**
 * Prometheus' text exposition of prom-client's default registry, where every metric of the service is registered; in
 * one instance of several, every instance's metrics summed (a scrape of the shared port sees the whole service).
 */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', register.contentType)
  @Header('cache-control', 'no-store')
  metrics(): Promise<string> {
    return isOneOfSeveralInstances() ? metricsOfAllInstances() : register.metrics();
  }
}
