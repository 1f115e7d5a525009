import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Ids are letters, digits, `-` and `_`, up to 128 characters. */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const ENTITY_ID_RULE = 'an id is 1 to 128 letters, digits, - or _';

@Injectable()
export class EntityIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ENTITY_ID_PATTERN.test(value)) {
      throw new BadRequestException(`invalid id: ${ENTITY_ID_RULE}`);
    }
    return value;
  }
}
