export { InProcessInvalidationBus } from './in-process-invalidation-bus';
export { BroadcastInvalidationBus } from './broadcast-invalidation-bus';
export type { BroadcastBusOptions } from './broadcast-invalidation-bus';
export { BUS_FORMAT_VERSION, busChannel } from './bus-envelope';
export {
  DEFAULT_BUS_CONFIG,
  busConfigFromEnv,
  resolveBusTransport,
  type BusConfig,
  type BusTransportChoice,
  type BusTransportKind,
} from './bus-config';
export { BusHealth, type BusHealthStatus } from './bus-health';
export { createInvalidationBus, type InvalidationBusOptions } from './create-invalidation-bus';
export { InvalidationBusModule } from './invalidation-bus.module';
export { INVALIDATION_BUS } from './invalidation-bus.module-definition';
