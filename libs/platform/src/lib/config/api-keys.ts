import { isScope, type Scope } from '../auth/scopes';

/** Keys and the scope each grants; empty when the server runs without keys. */
export type ApiKeyTable = ReadonlyMap<string, Scope>;

const KEY_PATTERN = /^[A-Za-z0-9._~-]+$/;

/** Parses `STRATA_API_KEYS` (`k1:admin,k2:read`); returns the table or the problems found. */
export function parseApiKeys(value: string | undefined): { keys: ApiKeyTable; problems: string[] } {
  const keys = new Map<string, Scope>();
  const problems: string[] = [];
  for (const item of (value ?? '').split(',').map((part) => part.trim())) {
    if (item === '') {
      continue;
    }
    const separator = item.lastIndexOf(':');
    const key = item.slice(0, separator);
    const scope = item.slice(separator + 1);
    if (separator <= 0 || !KEY_PATTERN.test(key)) {
      problems.push(
        `STRATA_API_KEYS entry "${item}" is not key:scope with a key of letters, digits, . _ ~ -`,
      );
    } else if (!isScope(scope)) {
      problems.push(
        `STRATA_API_KEYS entry for "${key}" has scope "${scope}"; use read, write or admin`,
      );
    } else if (keys.has(key)) {
      problems.push(`STRATA_API_KEYS names key "${key}" twice`);
    } else {
      keys.set(key, scope);
    }
  }
  return { keys, problems };
}
