import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUTH_MODULE_OPTIONS, type AuthModuleOptions } from './auth.module-definition';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './auth.decorators';
import { scopeCovers, type Scope } from './scopes';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Checks `x-api-key` against the configured keys and the scope the route needs (DESIGN §8). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.options.apiKeys.size === 0) {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      return true;
    }
    const request = context
      .switchToHttp()
      .getRequest<{ method: string; headers: Record<string, string | string[] | undefined> }>();
    const presented = request.headers['x-api-key'];
    if (typeof presented !== 'string' || presented === '') {
      throw new UnauthorizedException('missing x-api-key header');
    }
    const granted = this.options.apiKeys.get(presented);
    if (!granted) {
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
