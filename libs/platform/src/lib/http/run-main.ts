import { Logger } from '@nestjs/common';
import { ConfigurationError } from '../config/configuration-error';

/**
 * Runs an application's start-up. Bad configuration is the operator's to fix: its message alone
 * goes to stderr, with no stack, and the process exits with status 1. Anything else is a fault,
 * logged (as a JSON line, like every other) with its stack.
 */
export function runMain(name: string, start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      new Logger(name).fatal(error instanceof Error ? (error.stack ?? error.message) : error);
    }
    process.exit(1);
  });
}
