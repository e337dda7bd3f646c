/** The outbox: messages for other systems wait here until a worker delivered them (src/outbox/store.ts). */
export type { NewOutboxItem, OutboxItem, OutboxStatus, OutboxStore, OutboxPluginOptions } from './store';
export { SqlOutbox } from './sql';
export { DEFAULT_RETRY, loggable, OutboxWorker, type OutboxWorkerEvents, type OutboxWorkerOptions, type RetrySettings } from './worker';
