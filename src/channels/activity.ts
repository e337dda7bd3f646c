import { ActivityTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder-core';
import type { Input, Output } from '../engine';

/**
 * The Bot Framework activity is the lingua franca between channels and Loket: every channel adapter turns its
 * messages into activities, and Loket's channel-neutral outputs into activities for it to render.
 */
export function activityToInput(activity: Partial<Activity>): Input | undefined {
  if (activity.type === ActivityTypes.ConversationUpdate) {
    const joined = (activity.membersAdded ?? []).some((m) => m.id !== activity.recipient?.id);
    return joined ? { type: 'start' } : undefined;
  }
  if (activity.type === ActivityTypes.Event && activity.name === 'webchat/join') return { type: 'start' };
  if (activity.type !== ActivityTypes.Message) return undefined;
  const location = locationOf(activity);
  if (location) return { type: 'location', location };
  const file = (activity.attachments ?? []).find((a) => a.contentUrl && /^(image|video|application\/pdf)/.test(a.contentType));
  if (file) return { type: 'attachment', attachment: { url: file.contentUrl!, contentType: file.contentType, name: file.name }, text: activity.text || undefined };
  const text = typeof activity.text === 'string' ? activity.text : typeof activity.value === 'string' ? activity.value : '';
  return { type: 'text', text };
}

/** A shared location: schema.org GeoCoordinates, or a Place with geo, in the activity's entities. */
function locationOf(activity: Partial<Activity>): { latitude: number; longitude: number; address?: string } | undefined {
  for (const e of activity.entities ?? []) {
    const geo = (e.type === 'GeoCoordinates' ? e : e.type === 'Place' ? e.geo : undefined) as { latitude?: unknown; longitude?: unknown } | undefined;
    const lat = Number(geo?.latitude);
    const lon = Number(geo?.longitude);
    if (geo && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      return { latitude: lat, longitude: lon, ...(typeof e.address === 'string' ? { address: e.address } : {}) };
    }
  }
  return undefined;
}

/** Buttons become suggested actions (imBack: the button's text is what the resident "says"); links become markdown. */
export function outputsToActivities(outputs: Output[]): Partial<Activity>[] {
  return outputs.map((o) => {
    if (o.type === 'link') return { ...MessageFactory.text(`[${o.title}](${o.url})`), textFormat: 'markdown' };
    if (!o.buttons?.length) return MessageFactory.text(o.text);
    const actions: CardAction[] = o.buttons.map((b) => ({ type: 'imBack', title: b.title, value: b.value }));
    return MessageFactory.suggestedActions(actions, o.text);
  });
}
