import { ApiProperty } from '@nestjs/swagger';
import type { ErrorBody } from './error-body';

/** DESIGN §8's error shape: every answer that is not a success. */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ type: 'integer', example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found' }) error!: string;
  @ApiProperty({ example: "project 'p9' does not exist" }) message!: string;
}
