/**
 * Loket's public API, for a municipality's own repository: start Loket from code, add actions (and with them
 * `loket validate` knows their parameters), plug in a handover desk, and test content. Everything here is typed;
 * docs/extending.md shows the smallest complete example of each.
 */
export { Loket, replyTexts, type LoketOptions, type Delivery, type DeliveryListener } from './runtime';
export { defineConfig, loadConfig, CONFIG_FILE, type LoketConfig, type PluginContext } from './config';
export { ActionRegistry, type Action, type ActionContext, type ActionResult } from './actions';
export type {
  HandoverAdapter, HandoverTicket, HandoverEvent, HandoverListener, EventOutcome, QueuePlace, InboundHandover, InboundRequest,
} from './handover/adapter';
export { startServer, type ServeOptions, type RunningServer } from './server';
export { checkBot, loadBot, formatDiagnostic, type CheckResult, type Diagnostic, type BotContent, type ActionSpec } from './content';
export { turn, newState, type Input, type Output, type ConversationState, type TurnResult, type EngineDeps } from './engine';
export { runTestFile, type CaseResult } from './testing/conversations';
