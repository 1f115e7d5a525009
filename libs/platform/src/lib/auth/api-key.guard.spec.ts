import { ForbiddenException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { parseApiKeys } from '../config/api-keys';
import { RetryLaterException } from '../errors/retry-later.exception';
import { ApiKeyGuard } from './api-key.guard';
import { AuthFailureLimiter, DEFAULT_AUTH_FAILURE_LIMITS } from './auth-failure-limiter';
import { PublicRoute, RequiresScope } from './auth.decorators';

/** Handlers carrying each kind of route metadata the guard reads; the guard never calls them. */
class RoutesController {
  plain(): void {
    // metadata only
  }

  @PublicRoute()
  open(): void {
    // metadata only
  }

  @RequiresScope('admin')
  adminOnly(): void {
    // metadata only
  }

  @RequiresScope('read')
  readEvenWhenPosted(): void {
    // metadata only
  }
}

@RequiresScope('admin')
class AdminController {
  inherited(): void {
    // metadata only
  }

  @RequiresScope('write')
  overridden(): void {
    // metadata only
  }
}

type Handler = keyof RoutesController | keyof AdminController;

function guardWith(keys: string, limiter = new AuthFailureLimiter(DEFAULT_AUTH_FAILURE_LIMITS)) {
  return new ApiKeyGuard({ apiKeys: parseApiKeys(keys).keys }, new Reflector(), limiter);
}

/** Runs the guard on a request to a handler; returns 'allowed' or the exception it threw. */
function decide(
  guard: ApiKeyGuard,
  method: string,
  key: string | string[] | undefined,
  handler: Handler = 'plain',
  ip = '127.0.0.1',
): 'allowed' | Error {
  const controller = handler in RoutesController.prototype ? RoutesController : AdminController;
  const request = { method, ip, headers: key === undefined ? {} : { 'x-api-key': key } };
  const context = new ExecutionContextHost(
    [request, {}],
    controller,
    (controller.prototype as unknown as Record<string, () => void>)[handler],
  );
  try {
    return guard.canActivate(context) ? 'allowed' : new Error('refused without an exception');
  } catch (error) {
    return error as Error;
  }
}

describe('ApiKeyGuard', () => {
  describe('with no keys configured (a loopback-only server)', () => {
    const guard = guardWith('');

    it.each(['GET', 'POST', 'DELETE'])('allows %s without a key', (method) => {
      expect(decide(guard, method, undefined, 'adminOnly')).toBe('allowed');
    });
  });

  describe('with keys configured', () => {
    // Room for every failure the cases below make: the limit has tests of its own.
    const guard = guardWith(
      'r1:read,w1:write,a1:admin',
      new AuthFailureLimiter({ ...DEFAULT_AUTH_FAILURE_LIMITS, maxFailures: 1000 }),
    );

    it('allows a public route without a key', () => {
      expect(decide(guard, 'GET', undefined, 'open')).toBe('allowed');
    });

    it.each([
      ['no key', undefined, 'missing x-api-key header'],
      ['an empty key', '', 'missing x-api-key header'],
      ['the header twice', ['r1', 'r1'], 'missing x-api-key header'],
      ['an unknown key', 'nope', 'unknown API key'],
      ['a scope name as the key', 'admin', 'unknown API key'],
    ])('refuses %s with 401', (_case, key, message) => {
      const decision = decide(guard, 'GET', key);
      expect(decision).toBeInstanceOf(UnauthorizedException);
      expect((decision as Error).message).toBe(message);
    });

    it.each(['GET', 'HEAD', 'OPTIONS'])('lets every scope %s (a read)', (method) => {
      for (const key of ['r1', 'w1', 'a1']) {
        expect(decide(guard, method, key)).toBe('allowed');
      }
    });

    it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
      'needs write to %s: 403 for read, allowed for write and admin',
      (method) => {
        expect(decide(guard, method, 'r1')).toBeInstanceOf(ForbiddenException);
        expect(decide(guard, method, 'w1')).toBe('allowed');
        expect(decide(guard, method, 'a1')).toBe('allowed');
      },
    );

    it('says which scope the key has and which the route needs', () => {
      expect((decide(guard, 'POST', 'r1') as Error).message).toBe(
        'this key has scope read; the route needs write',
      );
    });

    it('lets a route name a higher scope than its method implies', () => {
      expect(decide(guard, 'GET', 'w1', 'adminOnly')).toBeInstanceOf(ForbiddenException);
      expect(decide(guard, 'GET', 'a1', 'adminOnly')).toBe('allowed');
    });

    it('lets a route name a lower scope than its method implies', () => {
      expect(decide(guard, 'POST', 'r1', 'readEvenWhenPosted')).toBe('allowed');
    });

    it('reads the scope from the controller, and a handler scope overrides it', () => {
      expect(decide(guard, 'GET', 'w1', 'inherited')).toBeInstanceOf(ForbiddenException);
      expect(decide(guard, 'GET', 'a1', 'inherited')).toBe('allowed');
      expect(decide(guard, 'POST', 'w1', 'overridden')).toBe('allowed');
    });
  });

  describe('failed authentication, limited per client address', () => {
    let now = 0;
    const limits = { maxFailures: 3, windowSeconds: 60, maxAddresses: 100 };
    let guard: ApiKeyGuard;

    beforeEach(() => {
      now = 1_000_000;
      guard = guardWith('r1:read', new AuthFailureLimiter(limits, () => now));
    });

    it('refuses an address with 429 and Retry-After once it failed maxFailures times, even with a right key', () => {
      for (const key of [undefined, 'nope', 'r2']) {
        expect(decide(guard, 'GET', key, 'plain', '10.0.0.1')).toBeInstanceOf(
          UnauthorizedException,
        );
      }
      const refused = decide(guard, 'GET', 'r1', 'plain', '10.0.0.1') as RetryLaterException;
      expect(refused).toBeInstanceOf(RetryLaterException);
      expect(refused.getStatus()).toBe(HttpStatus.TOO_MANY_REQUESTS);
      expect(refused.retryAfterSeconds).toBe(60);
      now += 45_000;
      expect(
        (decide(guard, 'GET', 'r1', 'plain', '10.0.0.1') as RetryLaterException).retryAfterSeconds,
      ).toBe(15);
    });

    it('lets other addresses through meanwhile', () => {
      for (let failure = 0; failure < 3; failure++) {
        decide(guard, 'GET', 'nope', 'plain', '10.0.0.1');
      }
      expect(decide(guard, 'GET', 'r1', 'plain', '10.0.0.2')).toBe('allowed');
    });

    it('lets the address try again once its window has passed', () => {
      for (let failure = 0; failure < 3; failure++) {
        decide(guard, 'GET', 'nope', 'plain', '10.0.0.1');
      }
      now += 60_000;
      expect(decide(guard, 'GET', 'r1', 'plain', '10.0.0.1')).toBe('allowed');
    });

    it('does not count successes, forbidden scopes or public routes as failures', () => {
      for (let attempt = 0; attempt < 10; attempt++) {
        expect(decide(guard, 'GET', 'r1', 'plain', '10.0.0.1')).toBe('allowed');
        expect(decide(guard, 'POST', 'r1', 'plain', '10.0.0.1')).toBeInstanceOf(ForbiddenException);
        expect(decide(guard, 'GET', 'nope', 'open', '10.0.0.1')).toBe('allowed');
      }
    });
  });

  it('never repeats the presented key in what it answers', () => {
    const guard = guardWith('r1:read');
    for (const key of ['guess-number-1', 'r1-but-longer']) {
      expect((decide(guard, 'GET', key) as Error).message).not.toContain(key);
    }
  });
});
