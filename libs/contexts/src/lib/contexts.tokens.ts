import { getDataSourceToken } from '@nestjs/typeorm';

/** The source of truth's named TypeORM connection (the cache tiers and the analytics have their own). */
export const CONTEXTS_CONNECTION = 'contexts';

/** Its DataSource, as `@InjectDataSource(CONTEXTS_CONNECTION)` would inject it. */
export const CONTEXTS_DATA_SOURCE = getDataSourceToken(CONTEXTS_CONNECTION) as string;
