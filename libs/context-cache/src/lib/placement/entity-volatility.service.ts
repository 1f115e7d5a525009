import { Injectable } from '@nestjs/common';
import { EntityNotFoundError, EntityStore, entityKey, type EntityType } from '@strata/contexts';
import { TtlPolicy, type TtlPlacement } from '@strata/ttl-policy';
import { VolatilityService, type ScoreInputs } from '@strata/volatility';

export type EntityVolatilityReport = TtlPlacement & { score: number; inputs: ScoreInputs };

/** `GET /v1/cache/volatility/:type/:id`: an entity's score and the placement it leads to now. */
@Injectable()
export class EntityVolatility {
  constructor(
    private readonly store: EntityStore,
    private readonly volatility: VolatilityService,
    private readonly ttl: TtlPolicy,
  ) {}

  /** Throws EntityNotFoundError (404) for an id that does not exist. */
  async report(type: EntityType, id: string): Promise<EntityVolatilityReport> {
    if (!(await this.store.exists(type, id))) {
      throw new EntityNotFoundError(type, id);
    }
    const { score, inputs } = this.volatility.scoreOf(entityKey(type, id));
    return { score, ...this.ttl.nominalPlacement(type, score), inputs };
  }
}
