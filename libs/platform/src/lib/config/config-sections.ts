import { redactUrlCredentials } from '@strata/database';
import { ConfigurationError } from './configuration-error';

/** The environment a configuration is read from: `process.env`, or a test's own object. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A library's settings read from the environment, and everything wrong with them. */
export interface ParsedConfig<T> {
  config: T;
  /** Each names the variable and what is wrong with it; empty when the settings are good. */
  problems: string[];
}

/** A library's pure parser, `xxxConfigFromEnv(env)`: never throws, reports every problem. */
export type ConfigParser<T> = (env: Environment) => ParsedConfig<T>;

/** An application's configuration: one parser per section, each a library's. */
export type ConfigSections = Record<string, ConfigParser<unknown>>;

/** The validated configuration of `sections`: each section's settings under its name. */
export type ConfigOf<S extends ConfigSections> = {
  [K in keyof S]: S[K] extends ConfigParser<infer T> ? T : never;
};

/**
 * The one validation pass at start: every section parses the whole environment, and all their
 * problems are reported together, with the passwords of URLs they quote hidden.
 */
export function parseConfiguration<S extends ConfigSections>(
  sections: S,
  env: Environment,
): ConfigOf<S> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, parse] of Object.entries(sections)) {
    const parsed = parse(env);
    config[name] = parsed.config;
    problems.push(...parsed.problems.map(redactUrlCredentials));
  }
  if (problems.length > 0) {
    throw new ConfigurationError(problems);
  }
  return config as ConfigOf<S>;
}

/**
 * A parser in the throwing style (returns the settings, or throws one error naming every
 * problem, one a line under a heading, as `resolveTtlPolicyConfig` does) as a ConfigParser.
 */
export function throwingParser<T>(parse: (env: Environment) => T): ConfigParser<T | undefined> {
  return (env) => {
    try {
      return { config: parse(env), problems: [] };
    } catch (error) {
      if (error instanceof ConfigurationError) {
        return { config: undefined, problems: error.problems };
      }
      return { config: undefined, problems: problemLines(error) };
    }
  };
}

function problemLines(error: unknown): string[] {
  const [heading, ...lines] = (error instanceof Error ? error.message : String(error)).split('\n');
  const listed = lines.map((line) => line.replace(/^\s*(- )?/, '')).filter((line) => line !== '');
  if (listed.length === 0) {
    return [heading];
  }
  const source = heading.replace(/:\s*$/, '');
  return listed.map((line) => `${source}: ${line}`);
}
