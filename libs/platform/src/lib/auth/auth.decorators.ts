import { SetMetadata } from '@nestjs/common';
import type { Scope } from './scopes';

export const REQUIRED_SCOPE = 'strata:required-scope';
export const PUBLIC_ROUTE = 'strata:public-route';

/** The scope a route needs; without it, reads need `read` and every other method `write`. */
export const RequiresScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);

/** Served without a key: health checks and metrics scrapers carry none. */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
