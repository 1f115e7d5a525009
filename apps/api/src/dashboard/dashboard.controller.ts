import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ApiOkResponse, ApiParam, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '@strata/platform';
import type { FastifyReply } from 'fastify';
import type { ApiConfig } from '../api-config';
import { ApiErrors } from '../controllers/api-errors';
import {
  DASHBOARD_ASSET_NAMES,
  loadDashboardAssets,
  type DashboardAsset,
} from './dashboard-assets';

const TEXT = { schema: { type: 'string' } };

export class DashboardSettingsDto {
  @ApiProperty({ description: 'Whether the page must ask for a read key before reading /v1/cache' })
  keyRequired!: boolean;

  @ApiProperty({ description: 'Whether this api serves GET /v1/cache/warming' })
  warmingReport!: boolean;
}

const WARMING_REPORT = { method: 'GET' as const, url: '/v1/cache/warming' };

/**
 * `GET /dashboard`: the operators' page (DESIGN §8). The page and its scripts are public and carry
 * no figures; the browser reads them from /v1/cache with the key the operator types in, kept in
 * the tab's sessionStorage and sent as `x-api-key`, never in a URL.
 */
@ApiTags('operations')
@Controller('dashboard')
export class DashboardController {
  private readonly assets = loadDashboardAssets();
  private readonly keyRequired: boolean;

  constructor(
    config: ConfigService<ApiConfig, true>,
    private readonly adapter: HttpAdapterHost,
  ) {
    this.keyRequired = config.get('server', { infer: true }).apiKeys.size > 0;
  }

  @Get()
  @PublicRoute()
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The dashboard page', content: { 'text/html': TEXT } })
  async page(@Res() reply: FastifyReply): Promise<void> {
    await this.send(reply, 'index.html');
  }

  /** Lets the page ask for a key before its first read, rather than after a 401. */
  @Get('settings')
  @PublicRoute()
  @ApiOkResponse({ type: DashboardSettingsDto })
  settings(): DashboardSettingsDto {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    return { keyRequired: this.keyRequired, warmingReport: fastify.hasRoute(WARMING_REPORT) };
  }

  @Get(':asset')
  @PublicRoute()
  @ApiParam({ name: 'asset', enum: DASHBOARD_ASSET_NAMES })
  @ApiOkResponse({
    description: "The page's scripts and styles, uPlot's included",
    content: { 'text/javascript': TEXT, 'text/css': TEXT, 'text/html': TEXT },
  })
  @ApiErrors(404)
  async asset(@Param('asset') name: string, @Res() reply: FastifyReply): Promise<void> {
    await this.send(reply, name);
  }

  private async send(reply: FastifyReply, name: string): Promise<void> {
    const asset: DashboardAsset | undefined = this.assets.get(name);
    if (asset === undefined) {
      throw new NotFoundException(`no dashboard file '${name}'`);
    }
    await reply
      .header('content-type', asset.contentType)
      .header('cache-control', 'no-cache')
      .header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
      )
      .header('x-content-type-options', 'nosniff')
      .send(asset.body);
  }
}
