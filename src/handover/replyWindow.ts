/**
 * Some channels only let a person answer within a number of hours of the resident's last message (WhatsApp's
 * customer service window: after 24 hours only an approved template may go out). The built-in queue refuses such an
 * answer in the console; the runtime refuses it for every adapter, so remote desks hear it too.
 */
export const REPLY_WINDOW_HOURS: Readonly<Record<string, number>> = { whatsapp: 24 };

/** Why an agent's answer can no longer go out, in Dutch for the agent; undefined when it can. */
export function replyWindowClosed(channel: string | undefined, lastResidentAt: string | undefined, now: Date, windows = REPLY_WINDOW_HOURS): string | undefined {
  const hours = channel ? windows[channel] : undefined;
  if (!hours || !lastResidentAt) return undefined;
  if (now.getTime() - Date.parse(lastResidentAt) <= hours * 3_600_000) return undefined;
  return `De inwoner schreef meer dan ${hours} uur geleden. Via ${channelName(channel!)} kan dan alleen nog een vast sjabloonbericht. Bel de inwoner, of wacht tot die opnieuw schrijft.`;
}

function channelName(channel: string): string {
  return channel === 'whatsapp' ? 'WhatsApp' : channel;
}
