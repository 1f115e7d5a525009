import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HttpLimits } from './http-limits';
import { exceedsJsonNesting } from './json-nesting';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The only bodies the server reads are JSON (DESIGN §8), checked before anything walks them:
 * within the size limit while it arrives, within the depth limit in one iterative pass over the
 * bytes, strictly UTF-8 (a lenient decoder would store U+FFFD in place of what was sent), and then
 * parsed by Fastify's own parser, which refuses `__proto__` and `constructor.prototype` keys.
 * Any other content type is a 415; a request without a body needs no content type at all.
 */
export function acceptOnlyJsonBodies(fastify: FastifyInstance, limits: HttpLimits): void {
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: limits.bodyLimitBytes },
    (request, body, done) => {
      const charset = charsetOf(request);
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        done(new UnsupportedMediaTypeException(`JSON bodies are UTF-8; this one says ${charset}`));
        return;
      }
      const bytes = body as Buffer;
      if (exceedsJsonNesting(bytes, limits.maxBodyDepth)) {
        done(
          new BadRequestException(
            `the body nests objects and arrays deeper than ${limits.maxBodyDepth} levels`,
          ),
        );
        return;
      }
      let text: string;
      try {
        text = STRICT_UTF8.decode(bytes);
      } catch {
        done(new BadRequestException('the body is not valid UTF-8'));
        return;
      }
      parseJson(request, text, done);
    },
  );
  // Every other type, a missing one included, without reading a byte of the body.
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    if (request.is404) {
      // An unknown route answers 404 (or 405) whatever it was sent.
      done(null, undefined);
      return;
    }
    const type = request.headers['content-type'];
    done(
      new UnsupportedMediaTypeException(
        type === undefined
          ? 'a body needs content-type: application/json'
          : `bodies are application/json; this one is ${printable(type)}`,
      ),
    );
  });
}

function charsetOf(request: FastifyRequest): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '');
  return match?.[1]?.toLowerCase();
}

/** A header echoed in a message: short, and only printable ASCII. */
function printable(value: string): string {
  const cleaned = value.replace(/[^\x20-\x7e]/g, '?');
  return cleaned.length > 100 ? `${cleaned.slice(0, 100)}…` : cleaned;
}
