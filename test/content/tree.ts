import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes a content tree (bot.yaml, flows, intents, a loket.config.js …) in a fresh folder and returns its root. */
export function contentTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'loket-content-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A small valid bot (a melding flow, an answer with a fact) and the actions it may call: the content tests' base. */
export const ACTIONS = ['calendar.free_slots', 'calendar.book'];

export const BOT = `name: Gemeente Test
languages: [nl]
flows: [melden]
intents: [basis]
texts:
  welcome: Hallo
  fallback: Sorry
  goodbye: Doei
facts:
  telefoon: "14 0123"
handover:
  messages:
    default: Ik zet u door.
    crisis: Bel 112.
`;

export const INTENTS = `intents:
  - id: melden
    utterances:
      nl: [ik wil iets melden, lamp kapot]
  - id: groet
    utterances:
      nl: [hallo]
    answer: Hallo! Bel ons op {facts.telefoon}.
`;

export const FLOW = `title: Melden
triggers: [melden]
steps:
  - ask: plek
    type: address
    prompt: Waar is het?
  - end: Dank u. We komen naar {plek}.
`;
