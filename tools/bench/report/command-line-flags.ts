export interface CommandLineFlag {
  flag: string;
  /** The argument after the flag; fails with the usage when there is none. */
  value(): string;
}

/** Walks the flags of a command line, each with a way to take the argument that follows it. */
export function* commandLineFlags(
  argv: readonly string[],
  usage: string,
): Generator<CommandLineFlag> {
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    yield {
      flag,
      value: () => {
        const next = argv[++index];
        if (next === undefined) {
          throw new Error(`${flag} needs a value\n${usage}`);
        }
        return next;
      },
    };
  }
}
