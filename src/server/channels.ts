import type { ChannelRegistration } from '../channels/types';
import { registerAgentConsole } from '../agentconsole';
import { registerDirectLine } from '../channels/directline';
import { registerWeb } from '../channels/web';
import { registerWhatsApp } from '../channels/whatsapp';
import { registerHandoverInbound } from './handover';

export type { ChannelContext, ChannelRegistration, ChannelServerOptions } from '../channels/types';

/** Channels beyond the Bot Framework endpoint. Each adds its routes in its own module under src/channels/. */
export const CHANNELS: ChannelRegistration[] = [registerWeb, registerDirectLine, registerWhatsApp, registerAgentConsole, registerHandoverInbound];
