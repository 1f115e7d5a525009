import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '../auth/auth.decorators';
import { MetricsService } from './metrics.service';
import type { FastifyReply } from 'fastify';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @PublicRoute()
  @Header('cache-control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text format: default process metrics and request durations by route',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  async render(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', this.metrics.contentType).send(await this.metrics.render());
  }
}
