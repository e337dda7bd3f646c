import type { ConversationState } from '../engine/types';
import { migrate, type Sql } from '../storage';
import type { StateStore } from './stateStore';

const STEPS = [
  `CREATE TABLE conversation_state (
     bot_id TEXT NOT NULL,
     conversation_id TEXT NOT NULL,
     state TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (bot_id, conversation_id)
   )`,
];

/**
 * Conversation state in the Sql port. On PostgreSQL every instance reads and writes the same rows, and a turn runs
 * under the conversation's lock with its reads and writes in that transaction, so no instance ever works on a state
 * another instance is changing.
 */
export class SqlStateStore implements StateStore {
  private constructor(private readonly sql: Sql, private readonly botId: string) {}

  static async open(sql: Sql, botId: string): Promise<SqlStateStore> {
    await migrate(sql, 'conversation_state', STEPS);
    return new SqlStateStore(sql, botId);
  }

  read(conversationId: string): Promise<ConversationState | undefined> {
    return readState(this.sql, this.botId, conversationId);
  }

  write(conversationId: string, state: ConversationState): Promise<void> {
    return writeState(this.sql, this.botId, conversationId, state);
  }

  /** The turn's write goes out with the commit: a turn on PostgreSQL is two round trips, lock and read, write and commit. */
  exclusive<T>(conversationId: string, fn: (store: StateStore) => Promise<T>): Promise<T> {
    return this.sql.exclusive(`conversation:${this.botId}:${conversationId}`, (tx) => fn({
      read: (id) => readState(tx, this.botId, id),
      write: async (id, state) => tx.runAtCommit(UPSERT, upsertValues(this.botId, id, state)),
    }));
  }
}

async function readState(sql: Sql, botId: string, conversationId: string): Promise<ConversationState | undefined> {
  const row = await sql.get<{ state: string }>('SELECT state FROM conversation_state WHERE bot_id = ? AND conversation_id = ?', [botId, conversationId]);
  return row ? (JSON.parse(row.state) as ConversationState) : undefined;
}

const UPSERT = `INSERT INTO conversation_state (bot_id, conversation_id, state, updated_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (bot_id, conversation_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`;

function upsertValues(botId: string, conversationId: string, state: ConversationState): unknown[] {
  return [botId, conversationId, JSON.stringify(state), new Date().toISOString()];
}

async function writeState(sql: Sql, botId: string, conversationId: string, state: ConversationState): Promise<void> {
  await sql.run(UPSERT, upsertValues(botId, conversationId, state));
}
