/** Handover: the policy that decides, the adapter interface to the human side, and the adapters. */
export * from './adapter';
export { hasAgentDesk, QueueError, type AgentDesk, type Agent, type Awaitable, type QueueTicket, type QueueMessage, type QueueChange, type QueueErrorCode } from './desk';
export { HandoverPolicy, DEFAULT_THRESHOLDS, type Signal, type PolicyOptions, type Thresholds } from './policy';
export { HandoverQueue, type QueueOptions } from './queue';
export { CallbackTasks, type CallbackRequest, type CallbackTask } from './callbacks';
export { createHandoverAdapter, type AdapterDeps, type HandoverAdapterContext, type HandoverAdapterFactory } from './factory';
export { isOpen, nextOpening } from './officeHours';
export { replyWindowClosed, REPLY_WINDOW_HOURS } from './replyWindow';
export { WebhookHandoverAdapter, RemoteHandoverError, sign, type WebhookAdapterOptions } from './webhook';
export { ChatwootAdapter, type ChatwootAdapterOptions } from './chatwoot';
