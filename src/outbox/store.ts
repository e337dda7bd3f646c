/**
 * Messages that must reach another system after an action succeeded: an e-mail to the resident, later a signal for
 * a back office. They wait here until a worker delivered them, so a system that is down delays a message but never
 * loses it. One bot's outbox: its worker takes only the bot's own items, also in a table several bots share.
 */

import type { Logger } from 'pino';
import type { Sql } from '../storage';

/** `handled`: given up, then dealt with by hand by an employee (the agent console's "Afgehandeld"). */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'handled';

export interface NewOutboxItem {
  /** Which worker delivers it: 'email', … */
  topic: string;
  /** What it is about, for logs and people: 'appointment_booked'. */
  kind: string;
  /** The reference the resident was given (AFS-7K3M9Q), so a back-office employee can find it. */
  reference?: string;
  /** What the worker needs to deliver it; holds personal data, so it is dropped once delivered. */
  payload: Record<string, unknown>;
  /** An action's key (ActionContext.key): an action run again after a crash adds its item once. */
  key?: string;
}

export interface OutboxItem extends NewOutboxItem {
  id: number;
  /** Whose item it is: each bot's worker delivers only its own. */
  botId: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  createdAt: string;
  /** When it was sent, given up or handled. */
  doneAt?: string;
  /** Who handled a failed item by hand, and how. */
  handledBy?: string;
  note?: string;
}

export interface OutboxStore {
  /** Adds the item, or finds the one added before with the same key; returns its id. */
  add(item: NewOutboxItem, now: Date): Promise<number>;
  /**
   * Takes up to `limit` pending items of a topic that are due, oldest first, and leases them until `leaseUntil`, so
   * a second worker (another instance on the same database) does not deliver them as well.
   */
  claim(topic: string, now: Date, limit: number, leaseUntil: Date): Promise<OutboxItem[]>;
  /** Delivered: the payload is dropped (personal data), the row stays as a record. */
  delivered(id: number, now: Date): Promise<void>;
  /** Not delivered this time: try again at `next`. */
  retry(id: number, error: string, next: Date): Promise<void>;
  /** Given up (the other side refuses it for good): kept with the error, for a person to look at. */
  failed(id: number, error: string, now: Date): Promise<void>;
  /** When the next pending item of a topic is due, if any. */
  nextDue(topic: string): Promise<Date | undefined>;
  get(id: number): Promise<OutboxItem | undefined>;
  list(topic: string, status?: OutboxStatus): Promise<OutboxItem[]>;
  /** The items given up, of every topic, newest first: tasks for a person. */
  failedItems(limit?: number): Promise<OutboxItem[]>;
  /** A given-up item back to pending for a fresh series of tries, due at once; false when it was not failed. */
  requeue(id: number): Promise<boolean>;
  /** A given-up item an employee dealt with by hand: the payload is dropped; false when it was not failed. */
  handled(id: number, by: string, note: string, now: Date): Promise<boolean>;
}

/** What a plugin that delivers through the outbox (Signalen, ZGW, Qmatic) is started with, besides its settings. */
export interface OutboxPluginOptions {
  /** Where the outbox is: the bot's database (its SQLite file, or PostgreSQL shared by every instance). */
  sql: Sql;
  botId: string;
  log: Logger;
  /** false: items wait in the outbox unsent (conversation tests reach no real system). */
  deliver?: boolean;
  env?: NodeJS.ProcessEnv;
  store?: OutboxStore;
  retry?: { firstMs?: number; maxMs?: number; maxAttempts?: number };
  /** bot.yaml's file, for start-up errors. */
  where?: string;
}
