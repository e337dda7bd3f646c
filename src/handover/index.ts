/** Handover: the policy that decides, and the adapter interface to the human queue. */
export * from './adapter';
export { HandoverPolicy, type Signal, type PolicyOptions } from './policy';
export { MemoryHandoverAdapter } from './memory';
