/** The outbox: messages for other systems wait here until a worker delivered them (src/outbox/store.ts). */
export type { NewOutboxItem, OutboxItem, OutboxStatus, OutboxStore } from './store';
export { SqliteOutbox } from './sqlite';
export { DEFAULT_RETRY, OutboxWorker, type OutboxWorkerEvents, type OutboxWorkerOptions, type RetrySettings } from './worker';
