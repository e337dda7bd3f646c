/**
 * Loket's public API, for a municipality's own repository: start Loket from code, add actions (and with them
 * `loket validate` knows their parameters), channels and handover adapters, and test content and channels.
 * Everything here is typed; docs/extending.md lists each extension point with the smallest complete example.
 */
export { Loket, replyTexts, type LoketOptions, type Delivery, type DeliveryListener } from './runtime';
export { defineConfig, loadConfig, CONFIG_FILE, type LoketConfig, type BotPlugins, type PluginContext } from './config';
export { ActionRegistry, type Action, type ActionContext, type ActionResult, type Notice, type Notifier } from './actions';
export { OutboxWorker, SqlOutbox, type OutboxItem, type OutboxStore, type NewOutboxItem } from './outbox';
export type {
  HandoverAdapter, HandoverTicket, HandoverEvent, HandoverListener, EventOutcome, QueuePlace, InboundHandover, InboundRequest,
} from './handover/adapter';
export {
  HandoverQueue, QueueError, hasAgentDesk, type AgentDesk, type Awaitable, type Agent, type QueueTicket, type QueueMessage, type QueueChange, type QueueOptions,
  type HandoverAdapterContext, type HandoverAdapterFactory,
} from './handover';
export { startServer, type ServeOptions, type RunningServer } from './server';
export type { ChannelContext, ChannelRegistration, ChannelServerOptions } from './channels/types';
export { LoketBot, type ContinueConversation } from './channels/loketBot';
export { ChannelAdapter, toMessages, type ChannelMessage } from './channels/channelAdapter';
export { claimUpgrade } from './channels/upgrade';
export { checkBot, loadBot, formatDiagnostic, type CheckResult, type CheckOptions, type Diagnostic, type BotContent, type ActionSpec } from './content';
export { turn, newState, type Input, type Output, type ConversationState, type TurnResult, type EngineDeps } from './engine';
export { runTestFile, type CaseResult } from './testing/conversations';
export { describeChannelContract, CONTRACT_BOT, type ChannelClient, type ChannelContractOptions, type SeenReply } from './testing/channelContract';
