/**
 * Chaos: two `loket serve` processes on one PostgreSQL database, as behind a load balancer without sticky sessions.
 * 120 residents walk the melding and afspraak flows through Direct Line's REST API, each message to the other
 * instance than the one before; part-way through one instance is killed with SIGKILL and started again, later the
 * other is stopped with SIGTERM and started again, as in a rolling restart. Afterwards:
 * every accepted message is answered exactly once, every reference is unique and stored for its own conversation, no
 * desk is booked twice, and each conversation's stored state agrees with its transcript.
 */
import { openSql, type Sql } from '../../src/storage';
import { startCluster, type Cluster } from '../storage/postgres';
import { type Activity, Instance, Resident, type Walk } from './chaosParts';

const RESIDENTS = 120;
const AT_ONCE = 24;
/** The kill comes when this many conversations are over, the rolling restart later; both instances are busy then. */
const KILL_AFTER = 40;
const RESTART_AFTER = 80;
const BOT = 'voorbeeldgemeente';
const TIMEOUT_MS = 170_000;

/** A weekday two weeks ahead, as a resident types it ("24 maart 2026"), and as the calendar stores it. */
function appointmentDay(): { text: string; iso: string } {
  const day = new Date(Date.now() + 14 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  const months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
  return { text: `${day.getUTCDate()} ${months[day.getUTCMonth()]} ${day.getUTCFullYear()}`, iso: day.toISOString().slice(0, 10) };
}

/** The melding flow: answers by the question asked; a street of its own per resident, to find the report back. */
function melding(i: number): Walk {
  return (reply, turn) => {
    const text = String(reply?.text ?? '');
    if (turn === 0) return 'ik wil iets melden';
    if (/Bedankt voor uw melding/.test(text)) return 'done';
    if (/Waar gaat uw melding over/.test(text)) return 'Afval';
    if (/Waar is het/.test(text)) return `Kerkstraat ${i + 1}`;
    if (/Wat is er aan de hand/.test(text)) return 'er ligt afval naast de container';
    if (/foto/.test(text)) return 'overslaan';
    if (/per e-mail horen/.test(text)) return 'nee';
    if (/Klopt dit/.test(text)) return 'ja';
    throw new Error(`resident ${i} (melding) did not expect: ${text}`);
  };
}

/**
 * The afspraak flow: everyone on the same day, eight preferred hours, so more residents want a time than there are
 * desks; a time someone else just took is chosen again, as the bot asks.
 */
function afspraak(i: number, day: string): Walk {
  let chosen = 0;
  return (reply, turn) => {
    const text = String(reply?.text ?? '');
    const buttons: { value: string }[] = reply?.suggestedActions?.actions ?? [];
    if (turn === 0) return 'ik wil een afspraak maken voor een nieuw paspoort';
    if (/Uw afspraak staat vast|Het lukt nu niet om uw afspraak te maken/.test(text)) return 'done';
    if (/Op welke dag/.test(text)) return day;
    if (/Hoe laat/.test(text)) return `${9 + (i % 8)} uur`;
    if (/Welke tijd past u/.test(text) && buttons.length) return buttons[chosen++ === 0 ? i % buttons.length : 0].value;
    if (/Wat is uw naam/.test(text)) return `Inwoner ${i}`;
    if (/Klopt dit/.test(text)) return 'ja';
    if (/e-mailadres/.test(text)) return `inwoner${i}@example.nl`;
    throw new Error(`resident ${i} (afspraak) did not expect: ${text}`);
  };
}

/** Runs `work` for 0..n-1, `limit` at a time. */
async function pool(n: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < n) await work(next++);
  }));
}

/** Polls until `check` holds, or fails after `ms`. */
async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('two instances on PostgreSQL, one killed mid-run', () => {
  let cluster: Cluster;
  let db: Sql;
  let instances: Instance[] = [];

  beforeAll(async () => {
    cluster = await startCluster();
    db = openSql(cluster.url);
    const env = { DATABASE_URL: cluster.url, LOKET_DIRECTLINE_SECRET: 'chaos-test-secret-0123456789abcdef' };
    instances = [new Instance('a', env), new Instance('b', env)];
    // One after the other: the first may train the model, the second then loads it from the cache.
    for (const instance of instances) await instance.start();
  }, TIMEOUT_MS);

  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await db?.close();
    cluster?.stop();
  });

  it('answers every accepted message once, books no desk twice and keeps every reference unique', async () => {
    const day = appointmentDay();
    const residents = Array.from({ length: RESIDENTS }, (_, i) => new Resident(i, instances));
    const [a, b] = instances;
    let over = 0;
    let chaos = Promise.resolve();
    try {
      await pool(RESIDENTS, AT_ONCE, async (i) => {
        await residents[i].walk(i % 2 === 0 ? melding(i) : afspraak(i, day.text));
        // SIGKILL: nothing is finished. SIGTERM: what the instance took on, it finishes before it exits.
        // Killed while frozen with a turn under way, so some answer is surely lost; stopped with one, which it must finish.
        if (++over === KILL_AFTER) chaos = chaos.then(() => frozenMidTurn(b, residents, db)).then(() => b.kill()).then(() => b.restart());
        if (over === RESTART_AFTER) chaos = chaos.then(() => inTheMiddleOfTurns(a, residents, db)).then(() => a.terminate()).then(() => a.restart());
      });
      await chaos;
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- log of a:\n${a.log}\n--- log of b:\n${b.log}`);
    }
    // What the killed instance accepted and left unanswered is answered by the other (or by itself after the restart).
    await until('the inbox of accepted messages empties', 60_000, async () => Number((await db.get<{ n: string }>('SELECT COUNT(*) AS n FROM directline_inbox'))?.n) === 0);

    // The kill did cut turns short: messages accepted by the victim whose answer never reached the resident.
    expect(residents.reduce((n, r) => n + r.lostAnswers, 0)).toBeGreaterThan(0);

    for (const r of residents) {
      const log = await r.log();
      const asked = log.filter((a: Activity) => a.from.role === 'user');
      // Every accepted message is in the log once, and nothing else from the resident is.
      expect(asked.map((a: Activity) => a.id)).toEqual(r.accepted);
      expectAnsweredOnce(log, r.index);
      await expectStateAgrees(db, r, log);
    }

    // Meldingen: every resident got a reference of their own, stored for their conversation; no report twice.
    const meldingen = residents.filter((r) => r.index % 2 === 0);
    const reports = await db.all<{ reference: string; conversation_id: string }>('SELECT reference, conversation_id FROM reports WHERE bot_id = ?', [BOT]);
    const told = meldingen.map((r) => /MLD-[A-Z0-9]+/.exec(r.last?.text ?? '')?.[0]);
    expect(told.every(Boolean)).toBe(true);
    expect(new Set(told).size).toBe(meldingen.length);
    expect(reports.map((x) => [x.reference, x.conversation_id]).sort()).toEqual(meldingen.map((r, k) => [told[k], `directline:${r.conversationId}`]).sort());

    // Appointments: as many bookings as residents told "staat vast", each with its own reference; no desk twice.
    const afspraken = residents.filter((r) => r.index % 2 === 1);
    const booked = await db.all<{ reference: string; email: string; date: string; desk: number; start_min: number; end_min: number }>(
      "SELECT reference, email, date, desk, start_min, end_min FROM calendar_appointments WHERE bot_id = ? AND status = 'booked'", [BOT]);
    const confirmed = afspraken.flatMap((r) => {
      const reference = /AFS-[A-Z0-9]+/.exec(r.last?.text ?? '')?.[0];
      return reference ? [[reference, `inwoner${r.index}@example.nl`]] : [];
    });
    expect(confirmed.length).toBeGreaterThan(afspraken.length / 2);
    expect(new Set(confirmed.map(([reference]) => reference)).size).toBe(confirmed.length);
    expect(booked.map((b) => [b.reference, b.email]).sort()).toEqual(confirmed.sort());
    expect(booked.every((b) => b.date === day.iso)).toBe(true);
    expect(overlaps(booked)).toEqual([]);
  }, TIMEOUT_MS);
});

/**
 * Freezes the instance (SIGSTOP) in the middle of a turn. The turn is still under way when, with the process frozen, an
 * accepted message of a resident waiting on it is still in the inbox: the instance takes it from the inbox in the
 * transaction that stores the answer, and only answers the HTTP request after that commit, which it cannot see while
 * frozen. Without that proof it thaws and tries again, so the kill after it always cuts an answer off.
 */
async function frozenMidTurn(instance: Instance, residents: Resident[], db: Sql): Promise<void> {
  for (;;) {
    await inTheMiddleOfTurns(instance, residents, db);
    instance.pause();
    if (await turnsUnderWay(instance, residents, db) >= 1) return;
    instance.resume();
  }
}

/** Accepted messages (in the inbox) of residents whose request to this instance has not come back. */
async function turnsUnderWay(instance: Instance, residents: Resident[], db: Sql): Promise<number> {
  const waiting = new Set(residents.filter((r) => r.sending === instance).map((r) => r.conversationId));
  const accepted = await db.all<{ conversation_id: string }>('SELECT conversation_id FROM directline_inbox WHERE seq >= 0');
  return accepted.filter((x) => waiting.has(x.conversation_id)).length;
}

/** Resolves at a moment the instance is in the middle of turns: messages it accepted (in the inbox) that residents wait on. */
function inTheMiddleOfTurns(instance: Instance, residents: Resident[], db: Sql): Promise<void> {
  return until(`${instance.name} is in the middle of a turn`, 60_000, async () => (await turnsUnderWay(instance, residents, db)) >= 1);
}

/**
 * The log as [welcome] [message, its answer] [message, its answer] …: every bot activity answers the message right
 * before it, every message has an answer, and no answer is there twice (a doubled turn repeats its texts).
 */
function expectAnsweredOnce(log: Activity[], resident: number): void {
  let current: Activity | undefined;
  const answers = new Map<string, string[]>();
  for (const a of log) {
    if (a.from.role === 'user') {
      current = a;
      answers.set(a.id, []);
    } else {
      expect({ resident, reply: a.text, replyToId: a.replyToId }).toEqual({ resident, reply: a.text, replyToId: current?.id });
      if (current) answers.get(current.id)!.push(a.text);
    }
  }
  for (const [id, texts] of answers) {
    expect({ resident, id, answered: texts.length > 0 }).toEqual({ resident, id, answered: true });
    expect({ resident, id, texts }).toEqual({ resident, id, texts: [...new Set(texts)] });
  }
}

/** The stored state: the flow is over, the last message is the one it answered, and its transcript is the log's. */
async function expectStateAgrees(db: Sql, r: Resident, log: Activity[]): Promise<void> {
  const row = await db.get<{ state: string }>('SELECT state FROM conversation_state WHERE bot_id = ? AND conversation_id = ?', [BOT, `directline:${r.conversationId}`]);
  const state = JSON.parse(row!.state);
  expect({ resident: r.index, flow: state.frame?.flow ?? null, answered: state.answered?.inputId }).toEqual({ resident: r.index, flow: null, answered: r.accepted.at(-1) });
  const said = state.transcript.filter((l: { from: string }) => l.from === 'resident').map((l: { text: string }) => l.text);
  expect({ resident: r.index, said }).toEqual({ resident: r.index, said: log.filter((a) => a.from.role === 'user').map((a) => a.text) });
}

/** Bookings of one desk whose times overlap. */
function overlaps(booked: { reference: string; date: string; desk: number; start_min: number; end_min: number }[]): string[][] {
  const found: string[][] = [];
  for (const [k, a] of booked.entries()) {
    for (const b of booked.slice(k + 1)) {
      if (a.date === b.date && a.desk === b.desk && a.start_min < b.end_min && b.start_min < a.end_min) found.push([a.reference, b.reference]);
    }
  }
  return found;
}
