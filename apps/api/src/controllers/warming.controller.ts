import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Post,
  Res,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequiresScope, RetryLaterException } from '@strata/platform';
import {
  OnDemandWarming,
  WarmingOverview,
  WarmOrderRefused,
  type WarmOrder,
} from '@strata/warming';
import { StrategyReportDto, WarmingReportDto, WarmRunDto } from '../dto/responses/warming.dto';
import { WarmBody } from '../dto/warm-body';
import { ApiErrors } from './api-errors';

const REFUSED = {
  invalid: BadRequestException,
  'not-found': NotFoundException,
  disabled: ConflictException,
} as const;

function refusal({ reason, message, retryAfterSeconds }: WarmOrderRefused) {
  return reason === 'busy'
    ? new RetryLaterException(message, retryAfterSeconds ?? 1, HttpStatus.TOO_MANY_REQUESTS)
    : new REFUSED[reason](message);
}

/** Warming watched and asked for (DESIGN §8): reading needs `read`, warming needs `admin`. */
@ApiTags('cache')
// Named only through a map (strategies by name), so registered here.
@ApiExtraModels(StrategyReportDto)
@Controller('v1/cache')
export class WarmingController {
  constructor(
    private readonly overview: WarmingOverview,
    private readonly onDemand: OnDemandWarming,
  ) {}

  @Get('warming')
  @RequiresScope('read')
  @ApiOkResponse({
    type: WarmingReportDto,
    description:
      "Warming in this process: per strategy proposed, turned away, skipped, warmed, overtaken, failed, statements, read before expiry (succeeded), wasted, pending and success rate; the queue's depth and bound; loads in flight; the last scheduled runs with what each warmed and cost",
  })
  @ApiErrors()
  report() {
    return this.overview.report();
  }

  @Post('warm')
  @HttpCode(200)
  @RequiresScope('admin')
  @ApiOkResponse({
    type: WarmRunDto,
    description:
      'Warmed now through the normal load path (single flight, invalidations, budgets): what was proposed, how each key came out, what was loaded and the statements it cost',
  })
  @ApiAcceptedResponse({
    type: WarmRunDto,
    description:
      'The run outlasted STRATA_WARMING_ON_DEMAND_ANSWER_MS: what it had done by then (`complete: false`); it goes on, and the same order meanwhile joins it',
  })
  @ApiErrors(400, 404, 409, 413, 429)
  async warm(@Body() body: WarmBody, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      const answer = await this.onDemand.warm(orderOf(body));
      if (!answer.complete) {
        void reply.status(HttpStatus.ACCEPTED);
      }
      return answer;
    } catch (error) {
      if (error instanceof WarmOrderRefused) {
        throw refusal(error);
      }
      throw error;
    }
  }
}

function orderOf({ keys, strategy, project }: WarmBody): WarmOrder {
  const named = [keys, strategy, project].filter((value) => value !== undefined);
  if (named.length !== 1) {
    throw new BadRequestException('name exactly one of keys, strategy or project');
  }
  if (keys !== undefined) return { keys };
  return strategy !== undefined ? { strategy } : { project: project as string };
}
