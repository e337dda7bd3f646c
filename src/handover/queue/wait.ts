import type { QueuePlace } from '../adapter';

export interface Staffing {
  /** Agents with the console open. */
  agents: number;
  /** Conversations one agent handles at once. */
  capacity: number;
  /** Conversations agents have now. */
  busy: number;
  /** Minutes an agent needs per conversation on average. */
  averageMinutes: number;
}

/**
 * The resident's place (1 = next) and a rough wait in minutes: a free place means about a minute, otherwise the
 * conversations ahead are shared out over every agent's places.
 */
export function estimateWait(position: number, s: Staffing): QueuePlace {
  const places = s.agents * s.capacity;
  const ahead = position - Math.max(0, places - s.busy);
  const waitMinutes = ahead <= 0 ? 1 : Math.ceil((ahead * s.averageMinutes) / Math.max(1, places));
  return { position, waitMinutes };
}
