import {
  ForbiddenException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RetryLaterException } from '../errors/retry-later.exception';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AUTH_MODULE_OPTIONS, type AuthModuleOptions } from './auth.module-definition';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './auth.decorators';
import { scopeCovers, type Scope } from './scopes';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface GuardedRequest {
  method: string;
  /** The client's address (the socket's: no proxy headers are trusted). */
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Checks `x-api-key` against the configured keys and the scope the route needs (DESIGN §8). An
 * address that failed to authenticate too often is refused with 429 until its window ends.
 * Messages never repeat the key presented.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions,
    private readonly reflector: Reflector,
    private readonly failures: AuthFailureLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.options.apiKeys.size === 0) {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const address = request.ip ?? 'unknown';
    const wait = this.failures.retryAfterSeconds(address);
    if (wait > 0) {
      throw new RetryLaterException(
        'too many failed authentications from this address; try again later',
        wait,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const presented = request.headers['x-api-key'];
    if (typeof presented !== 'string' || presented === '') {
      this.failures.recordFailure(address);
      throw new UnauthorizedException('missing x-api-key header');
    }
    const granted = this.options.apiKeys.scopeOf(presented);
    if (!granted) {
      this.failures.recordFailure(address);
      throw new UnauthorizedException('unknown API key');
    }
    const required =
      this.reflector.getAllAndOverride<Scope>(REQUIRED_SCOPE, targets) ??
      (READ_METHODS.has(request.method) ? 'read' : 'write');
    if (!scopeCovers(granted, required)) {
      throw new ForbiddenException(`this key has scope ${granted}; the route needs ${required}`);
    }
    return true;
  }
}
