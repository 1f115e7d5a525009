import { redactUrlCredentials } from '@strata/database';

export type Redactor = (text: string) => string;

/**
 * Hides every given secret (API keys, passwords of configured URLs) and the password of any URL
 * in a text. Secrets too short to be told from ordinary words are still replaced: a key is a
 * key however short.
 */
export function secretRedactor(secrets: readonly string[]): Redactor {
  const known = [...new Set(secrets.filter((secret) => secret.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  const pattern =
    known.length > 0
      ? new RegExp(
          known.map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
          'g',
        )
      : undefined;
  return (text) => {
    const withoutUrls = redactUrlCredentials(text);
    return pattern ? withoutUrls.replace(pattern, '***') : withoutUrls;
  };
}

/** The password of a URL as written and as decoded, when it has one. */
export function urlPasswords(url: string | undefined): string[] {
  if (!url) {
    return [];
  }
  try {
    const password = new URL(url).password;
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}
