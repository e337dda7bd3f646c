import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Database } from './sqlite';

/** What SQLite does by itself: a checkpoint once the write-ahead log holds this many pages. */
const SQLITE_DEFAULT_PAGES = 1000;
/**
 * The log only starts over once a checkpoint copied all of it, which one running beside busy writers seldom does:
 * when the log reaches this many pages (40 MB), the server's connection finishes what little the worker left.
 */
const BACKSTOP_PAGES = 10_000;

/**
 * The worker: its own connection to each file, and every `everyMs` a passive checkpoint (it never waits for, nor
 * blocks, the server's readers and writers). Tells the server when a checkpoint copied pages (how many so far).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const dbs = workerData.files.map((file) => {
  const db = new Database(file);
  db.pragma('busy_timeout = 0');
  db.pragma('wal_autocheckpoint = 0');
  return { file, db, done: 0 };
});
const timer = setInterval(() => {
  for (const entry of dbs) {
    const { file, db } = entry;
    try {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)');
      // The log starts over once a checkpoint has copied all of it: then the count starts again from 0.
      if (r.checkpointed > 0 && r.checkpointed !== entry.done) parentPort.postMessage({ file, pages: r.checkpointed });
      entry.done = r.checkpointed;
    } catch (e) {
      parentPort.postMessage({ file, error: e.message });
    }
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  for (const { db } of dbs) db.close();
  parentPort.close();
});
`;

/**
 * SQLite copies its write-ahead log into the database file now and then (a checkpoint), by default inside whichever
 * commit makes the log reach 1000 pages, and with `synchronous = NORMAL` that is where it waits for the disk (fsync).
 * Under load that commit held the event loop, and every request with it: a tiny commit took three times as long on
 * average. `loket serve` has a worker thread do the checkpoints instead, with a connection of its own, and the
 * server's connections only finish one when the log grows long. If the worker stops, they checkpoint as before.
 */
export class BackgroundCheckpoints extends EventEmitter {
  private readonly worker: Worker;
  private readonly stopped: Promise<void>;

  constructor(private readonly dbs: Database[], everyMs = 250) {
    super();
    const files = [...new Set(dbs.filter((db) => !db.memory).map((db) => db.name))];
    this.worker = new Worker(WORKER, { eval: true, workerData: { files, everyMs, driver: require.resolve('better-sqlite3') } });
    this.worker.unref();
    for (const db of dbs) if (!db.memory) db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    this.worker.on('message', (m: { file: string; pages?: number; error?: string }) => this.emit(m.error ? 'failed' : 'checkpoint', m));
    this.worker.on('error', (e) => this.emit('failed', { error: e.message }));
    this.stopped = new Promise((resolve) => this.worker.once('exit', () => {
      this.selfCheckpointing();
      resolve();
    }));
  }

  /** Stops the worker (its connections close); the databases checkpoint themselves again. */
  async close(): Promise<void> {
    // Held until the worker has closed its connections, or the process could end first and skip the rest of a stop.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.stopped;
  }

  private selfCheckpointing(): void {
    for (const db of this.dbs) if (db.open && !db.memory) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
  }
}
