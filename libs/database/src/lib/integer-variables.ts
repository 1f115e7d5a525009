/**
 * One whole-number setting read from the environment: its field, variable and accepted range.
 * Here because every library that parses its own settings (platform, tiers) depends on this one.
 */
export interface IntegerVariable<T> {
  field: keyof T & string;
  variable: string;
  lowest: number;
  highest: number;
}

/**
 * `defaults` with each variable that is set read over its field; every variable that is not a
 * whole number in its range is reported and leaves its default.
 */
export function readIntegerVariables<T extends object>(
  env: Record<string, string | undefined>,
  defaults: T,
  variables: ReadonlyArray<IntegerVariable<T>>,
): { config: T; problems: string[] } {
  const config = { ...defaults };
  const problems: string[] = [];
  for (const { field, variable, lowest, highest } of variables) {
    const text = env[variable];
    if (text === undefined) {
      continue;
    }
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < lowest || value > highest) {
      problems.push(`${variable} "${text}" must be a whole number from ${lowest} to ${highest}`);
    } else {
      (config as Record<string, unknown>)[field] = value;
    }
  }
  return { config, problems };
}
