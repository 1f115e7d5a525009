import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { once } from 'node:events';
import { HEALTH_MODULE_OPTIONS, type HealthModuleOptions } from './health.module-definition';
import { withTimeout } from './with-timeout';

/** Redis answers PING in time; only checked when `REDIS_URL` is set. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly client?: Redis;

  constructor(
    @Inject(HEALTH_MODULE_OPTIONS) options: HealthModuleOptions,
    private readonly health: HealthIndicatorService,
  ) {
    if (options.redisUrl) {
      // No offline queue and one retry per command: a health check must fail fast, not wait for
      // a reconnect. Connected from the start, so the first check does not find it connecting.
      this.client = new Redis(options.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
      });
      // Failures are reported by check(); ioredis reconnects by itself.
      this.client.on('error', () => undefined);
    }
  }

  async check(key: string, timeoutMs: number) {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.ping(timeoutMs), timeoutMs);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }

  private async ping(timeoutMs: number): Promise<void> {
    if (!this.client) {
      throw new Error('no REDIS_URL configured');
    }
    if (this.client.status === 'connecting' || this.client.status === 'reconnecting') {
      // Bounded, so checks made while Redis is away leave no listener behind.
      await once(this.client, 'ready', { signal: AbortSignal.timeout(timeoutMs) });
    }
    await this.client.ping();
  }
}
