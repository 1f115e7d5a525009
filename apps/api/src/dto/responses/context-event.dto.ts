import { ApiProperty } from '@nestjs/swagger';
import type { ContextEvent, ContextEventKind } from '@strata/contexts';
import { OneOf, Text, Timestamp } from './schema-fields';

/** The login or checkout event as recorded. */
export class ContextEventDto implements ContextEvent {
  @OneOf(['login', 'checkout']) kind!: ContextEventKind;
  @Text('The user who logged in, or the branch checked out') subjectId!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'The end user, when known' })
  userId!: string | null;
  @Timestamp() occurredAt!: string;
}
