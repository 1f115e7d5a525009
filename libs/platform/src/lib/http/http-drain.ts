import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * Stops taking requests, and lets those under way finish, before anything else shuts down.
 * Nest closes the HTTP server only after `beforeApplicationShutdown`, but the stores flush there
 * (TypeOrmModule closes their connections on `onApplicationShutdown`, before everyone else): a
 * request served after the flush would record work that is never written. `onModuleDestroy`
 * is the first shutdown phase, so every flush comes after the last request.
 */
@Injectable()
export class HttpDrain implements OnModuleDestroy {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleDestroy(): Promise<void> {
    await this.adapterHost.httpAdapter?.close();
  }
}
