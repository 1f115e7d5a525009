import { CreateVolatilityTables1764100000000 } from './migrations/1764100000000-create-volatility-tables';
import { KeyHourRow } from './rows/key-hour-row.entity';
import { KeyStatsRow } from './rows/key-stats-row.entity';
import { ReadAfterRow } from './rows/read-after-row.entity';
import { SessionRow } from './rows/session-row.entity';
import { TypeHourRow } from './rows/type-hour-row.entity';
import { UpdateRow } from './rows/update-row.entity';

/** What the analytics' own DataSource is built from; its migrations have their own history. */
export const VOLATILITY_ENTITIES = [
  UpdateRow,
  KeyStatsRow,
  TypeHourRow,
  KeyHourRow,
  ReadAfterRow,
  SessionRow,
];
export const VOLATILITY_MIGRATIONS = [CreateVolatilityTables1764100000000];
export const VOLATILITY_MIGRATIONS_TABLE = 'strata_volatility_migrations';
