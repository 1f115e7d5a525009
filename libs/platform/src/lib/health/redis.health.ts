import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { withTimeout } from './with-timeout';

/** Redis answers PING in time; only checked when `REDIS_URL` is set. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private client?: Redis;

  constructor(private readonly health: HealthIndicatorService) {}

  async check(url: string, key = 'redis', timeoutMs = 2000) {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.connection(url).ping(), timeoutMs);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }

  private connection(url: string): Redis {
    if (!this.client) {
      // No offline queue and one retry per command: a health check must fail fast, not wait for a reconnect.
      this.client = new Redis(url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
      });
      // Failures are reported by check(); ioredis reconnects by itself.
      this.client.on('error', () => undefined);
    }
    return this.client;
  }
}
