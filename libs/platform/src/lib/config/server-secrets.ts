import { urlPasswords } from '../logging/secret-redactor';
import type { ServerConfig } from './server-config';

/** What no log line may contain: the API keys, and the passwords of every configured URL. */
export function serverSecrets(config: ServerConfig): string[] {
  return [
    ...config.apiKeys.keysToRedact(),
    ...[
      config.databaseUrl,
      config.cacheDatabaseUrl,
      config.volatilityDatabaseUrl,
      config.redisUrl,
    ].flatMap(urlPasswords),
  ];
}
