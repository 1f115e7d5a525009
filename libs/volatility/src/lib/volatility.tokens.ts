import { getDataSourceToken } from '@nestjs/typeorm';

/** The analytics' own named TypeORM connection. */
export const VOLATILITY_CONNECTION = 'volatility';
export const VOLATILITY_DATA_SOURCE = getDataSourceToken(VOLATILITY_CONNECTION) as string;
