// Configuration: one validation pass over every library's parser
export { ConfigurationError } from './lib/config/configuration-error';
export { parseConfiguration, throwingParser } from './lib/config/config-sections';
export type {
  ConfigOf,
  ConfigParser,
  ConfigSections,
  Environment,
  ParsedConfig,
} from './lib/config/config-sections';
export { configModuleOptions } from './lib/config/config-module-options';
export { fromConfig } from './lib/config/from-config';
export type { SectionReader } from './lib/config/from-config';
export { serverConfigFromEnv, isLoopbackHost } from './lib/config/server-config';
export type { ServerConfig, ServerConfigSpec } from './lib/config/server-config';
export { serverSecrets } from './lib/config/server-secrets';
export { foundationModules } from './lib/config/foundation-modules';
export { parseApiKeys } from './lib/config/api-keys';
export type { ApiKeyTable } from './lib/config/api-keys';

// Logging
export { LoggingModule } from './lib/logging/logging.module';
export type { LoggingOptions } from './lib/logging/logging.module';
export { loggingConfigFromEnv, LOG_LEVELS } from './lib/logging/logging-config';
export type { LoggingConfig, LogLevel } from './lib/logging/logging-config';

// Auth, errors, validation
export { AuthModule } from './lib/auth/auth.module';
export { RequiresScope, PublicRoute } from './lib/auth/auth.decorators';
export type { Scope } from './lib/auth/scopes';
export { errorBody } from './lib/errors/error-body';
export { ErrorBodyDto } from './lib/errors/error-body.dto';
export type { ErrorBody } from './lib/errors/error-body';
export { EntityIdPipe, ENTITY_ID_PATTERN, ENTITY_ID_RULE } from './lib/validation/entity-id';
export { IsContextData } from './lib/validation/is-context-data';
export { createValidationPipe } from './lib/validation/validation-pipe';

// Operations: metrics, health, scheduling
export { MetricsModule } from './lib/metrics/metrics.module';
export { MetricsService } from './lib/metrics/metrics.service';
export { HealthModule } from './lib/health/health.module';
export type {
  HealthModuleOptions,
  DatabaseDependency,
} from './lib/health/health.module-definition';
export { DependencyChecks } from './lib/health/dependency-checks';
export { answerHealth, healthReport, terminusReport } from './lib/health/health-report';
export type { HealthChecks, HealthReport } from './lib/health/health-report';
export { SchedulingModule } from './lib/scheduling/scheduling.module';
export { Scheduled } from './lib/scheduling/scheduled-job';
export type { ScheduledJob } from './lib/scheduling/scheduled-job';
export { JobRunner } from './lib/scheduling/job-runner.service';
export type { JobRun } from './lib/scheduling/job-runner.service';
export { cronSchedulesFromEnv } from './lib/scheduling/cron-schedules';
export type { CronScheduleSpec, CronSchedules } from './lib/scheduling/cron-schedules';

// HTTP bootstrap
export { createHttpApp, listen, BODY_LIMIT_BYTES } from './lib/http/create-http-app';
export { listenForProbes, listeningPort } from './lib/http/probe-listener';
export type { HttpAppOptions } from './lib/http/create-http-app';
export { API_KEY_SCHEME } from './lib/http/open-api';
export type { OpenApiInfo } from './lib/http/open-api';
export { runMain } from './lib/http/run-main';
export { DEFAULT_HTTP_LIMITS, httpLimitsFromEnv } from './lib/http/http-limits';
export type { HttpLimits } from './lib/http/http-limits';
export { isRetryLater } from './lib/errors/unavailable';
export type { RetryLater } from './lib/errors/unavailable';
export {
  AuthFailureLimiter,
  DEFAULT_AUTH_FAILURE_LIMITS,
  authFailureLimitsFromEnv,
} from './lib/auth/auth-failure-limiter';
export type { AuthFailureLimits } from './lib/auth/auth-failure-limiter';
export { RetryLaterException } from './lib/errors/retry-later.exception';
