import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { CACHE_KEY_PATTERN, CACHE_KEY_RULE } from '../dto/invalidate-body';

@Injectable()
export class CacheKeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CACHE_KEY_PATTERN.test(value)) {
      throw new BadRequestException(`invalid cache key: ${CACHE_KEY_RULE}`);
    }
    return value;
  }
}
