import type { EventLog } from '@strata/contexts';
import type { VolatilityService } from '@strata/volatility';
import type { WarmingTriggers } from '@strata/warming';

/**
 * The events the api's `POST /v1/users/:id/login` and `POST /v1/branches/:id/checkout` record,
 * recorded the same way (the ids are known to exist, so the api's existence check is left out):
 * warming and volatility learn from them.
 */
export class PlatformEvents {
  constructor(
    private readonly events: EventLog,
    private readonly volatility: VolatilityService | undefined,
    private readonly warming: WarmingTriggers,
  ) {}

  async login(userId: string): Promise<void> {
    this.volatility?.recordLogin(userId);
    await this.events.record('login', userId, userId);
    this.warming.login(userId);
  }

  async checkout(branchId: string, userId: string): Promise<void> {
    await this.events.record('checkout', branchId, userId);
    this.warming.checkout(branchId);
  }
}
