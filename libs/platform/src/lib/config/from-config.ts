import { ConfigService } from '@nestjs/config';

/** Reads one validated section of configuration `C` (see configModuleOptions). */
export type SectionReader<C> = <K extends keyof C & string>(name: K) => C[K];

/**
 * The `inject`/`useFactory` half of a library's `forRootAsync`, taking its options from the
 * application's validated configuration: `ContextsModule.forRootAsync(fromConfig((section) =>
 * ({ databaseUrl: section('server').databaseUrl })))`.
 */
export function fromConfig<C, T>(pick: (section: SectionReader<C>) => T) {
  return {
    inject: [ConfigService],
    useFactory: (config: ConfigService) =>
      pick(<K extends keyof C & string>(name: K) => config.getOrThrow<C[K]>(name)),
  };
}
