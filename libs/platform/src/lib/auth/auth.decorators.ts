import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../errors/error-body.dto';
import { API_KEY_SCHEME } from '../http/open-api';
import type { Scope } from './scopes';

export const REQUIRED_SCOPE = 'strata:required-scope';
export const PUBLIC_ROUTE = 'strata:public-route';

/**
 * The scope a route needs (without it, reads need `read` and every other method `write`), and
 * its OpenAPI description: the `x-api-key` scheme, `x-required-scope`, and the 401 and 403.
 */
export const RequiresScope = (scope: Scope) =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    ApiSecurity(API_KEY_SCHEME),
    ApiExtension('x-required-scope', scope),
    ApiUnauthorizedResponse({
      type: ErrorBodyDto,
      description: 'No x-api-key, or an unknown one (only when STRATA_API_KEYS is set)',
    }),
    ApiForbiddenResponse({
      type: ErrorBodyDto,
      description: `The key's scope does not cover ${scope}`,
    }),
  );

/** Served without a key: health checks and metrics scrapers carry none. */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
