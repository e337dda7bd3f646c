/** The built-in queue: the desk (queue.ts) and the parts it is built from. */
export { HandoverQueue, type QueueOptions } from './queue';
