import { createHash, timingSafeEqual } from 'node:crypto';
import { isScope, type Scope } from '../auth/scopes';

/**
 * The configured keys, compared as SHA-256 digests: a presented key is hashed and compared with
 * every digest in constant time, so neither which key matched nor how much of one did shows in
 * the time an answer takes.
 */
export interface ApiKeyTable {
  /** How many keys are configured; none means the server runs open, on loopback only. */
  readonly size: number;
  /** The scope the presented key grants, or undefined when it is not one of the keys. */
  scopeOf(presented: string): Scope | undefined;
  /**
   * The keys configured in plain text (a digest's key is not known), for the log redactor to
   * hide should one ever reach a log line.
   */
  keysToRedact(): readonly string[];
}

interface KeyEntry {
  digest: Buffer;
  scope: Scope;
}

class DigestTable implements ApiKeyTable {
  readonly #plainKeys: readonly string[];

  constructor(
    private readonly entries: readonly KeyEntry[],
    plainKeys: readonly string[],
  ) {
    // A private field: not listed when the table is inspected or serialised.
    this.#plainKeys = plainKeys;
  }

  keysToRedact(): readonly string[] {
    return this.#plainKeys;
  }

  get size(): number {
    return this.entries.length;
  }

  scopeOf(presented: string): Scope | undefined {
    const digest = sha256(presented);
    let granted: Scope | undefined;
    // Every entry is compared, the match included: no early exit to time.
    for (const entry of this.entries) {
      if (timingSafeEqual(digest, entry.digest) && granted === undefined) {
        granted = entry.scope;
      }
    }
    return granted;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

const KEY_PATTERN = /^[A-Za-z0-9._~-]+$/;
const DIGEST_PATTERN = /^sha256:([0-9a-fA-F]{64})$/;

/**
 * Parses `STRATA_API_KEYS`: `key:scope` or `sha256:<64 hex digits>:scope` entries, comma
 * separated, so that a deployment file can hold digests instead of keys
 * (`printf %s "$KEY" | sha256sum`). Problems name entries by position, never by their text.
 */
export function parseApiKeys(value: string | undefined): {
  keys: ApiKeyTable;
  problems: string[];
} {
  const entries: KeyEntry[] = [];
  const plainKeys: string[] = [];
  const problems: string[] = [];
  const items = (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  items.forEach((item, index) => {
    const entry = `STRATA_API_KEYS entry ${index + 1} of ${items.length}`;
    const separator = item.lastIndexOf(':');
    const key = item.slice(0, separator);
    const scope = item.slice(separator + 1);
    const hashed = DIGEST_PATTERN.exec(key);
    if (separator <= 0 || (!hashed && (key.startsWith('sha256:') || !KEY_PATTERN.test(key)))) {
      problems.push(
        `${entry} is neither key:scope (a key of letters, digits, . _ ~ -) nor sha256:<64 hex digits>:scope`,
      );
    } else if (!isScope(scope)) {
      // Not echoed: with key and scope swapped, the "scope" would be the key.
      problems.push(`${entry} has an unknown scope; use read, write or admin`);
    } else {
      const digest = hashed ? Buffer.from(hashed[1], 'hex') : sha256(key);
      const twin = entries.findIndex((other) => other.digest.equals(digest));
      if (twin >= 0) {
        problems.push(`${entry} names the same key as an earlier entry`);
      } else {
        entries.push({ digest, scope });
        if (!hashed) {
          plainKeys.push(key);
        }
      }
    }
  });
  return { keys: new DigestTable(entries, plainKeys), problems };
}
