import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/** A user's latest login: their session is active for the configured time after it. */
@Entity({ name: 'volatility_sessions' })
export class SessionRow {
  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ name: 'last_login_at', type: 'bigint', transformer: bigintAsNumber })
  lastLoginAt!: number;
}
