import {
  chainDependencies,
  GLOBAL_ID,
  type ResolutionLevel,
  type ResolvedContext,
} from '@strata/contexts';
import type { EntryOptions } from '@strata/tiers';
import { contextLevelEntityKey } from './context-level-entity';

/**
 * How a resolved context is cached, whether it was asked for or resolved on the way to one below
 * it: it depends on every entity of its chain, known once it is resolved.
 */
export function contextEntryOptions(
  level: ResolutionLevel,
  id: string,
): EntryOptions<ResolvedContext> {
  return {
    type: 'context',
    dependencies: [contextLevelEntityKey(level, id), GLOBAL_ID],
    dependenciesOf: contextDependencies,
  };
}

function contextDependencies(resolved: ResolvedContext): string[] {
  return chainDependencies(resolved.chain);
}
