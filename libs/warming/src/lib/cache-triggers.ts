import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { StrataCache, type Clock, type FreshHit } from '@strata/tiers';
import { WarmingService } from './core/warming.service';
import { RefreshAheadStrategy } from './strategies/refresh-ahead.strategy';
import { WARMING_CLOCK } from './warming.tokens';

/**
 * Feeds warming from the cache itself: every fresh hit (refresh-ahead, and success accounting) and
 * every entry leaving the hot tier (waste).
 */
@Injectable()
export class CacheTriggers implements OnModuleInit, OnModuleDestroy {
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly cache: StrataCache,
    private readonly warming: WarmingService,
    private readonly refreshAhead: RefreshAheadStrategy,
    @Inject(WARMING_CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.stops.push(this.cache.onFreshHit((hit) => this.freshHit(hit)));
    // The hot tier's departures (HotTierStore.onDeparture), through the cache.
    this.stops.push(
      this.cache.observe({ departed: (departure) => this.warming.departed(departure) }),
    );
  }

  onModuleDestroy(): void {
    for (const stop of this.stops.splice(0)) {
      stop();
    }
  }

  private freshHit(hit: FreshHit): void {
    this.warming.heard(hit.key, hit.createdAt, hit.warmedBy);
    const proposal = this.refreshAhead.consider(hit, this.clock.now());
    if (proposal !== undefined) {
      this.warming.propose(this.refreshAhead.name, [proposal]);
    }
  }
}
