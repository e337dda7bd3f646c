/** The kinds of personal data Loket keeps, each with its own retention in bot.yaml `privacy:` (days). */
export const DATA_KINDS = ['conversations', 'media', 'reports', 'appointments', 'cases', 'callbacks', 'handover', 'emails', 'undelivered'] as const;
export type DataKind = (typeof DATA_KINDS)[number];
export type Retention = Record<DataKind, number>;

/**
 * Defaults a privacy officer can accept: as short as the purpose allows. A conversation's purpose ends when the
 * resident is helped; a melding or case is followed up within weeks; an appointment is over on its day.
 */
export const DEFAULT_RETENTION: Retention = {
  /** Conversation state and transcript, channel activities and routes: days after the last message. */
  conversations: 30,
  /** Uploaded photos and WhatsApp images: days after they arrived. */
  media: 30,
  /** Meldingen: name, contact details, description, place and photo cleared after these days; the record stays for statistics. */
  reports: 90,
  /** Appointments: name and e-mail cleared these days after the appointment's date. */
  appointments: 30,
  /** Cases (grofvuil and the like): the answers cleared after these days. */
  cases: 90,
  /** Callback tasks: deleted these days after they were made or done. */
  callbacks: 30,
  /** Closed handovers with their messages: deleted these days after closing. */
  handover: 30,
  /** Sent confirmation e-mails in the outbox: deleted these days after sending. */
  emails: 7,
  /**
   * What Loket gave up delivering (a melding, case or e-mail another system kept refusing), waiting in the agent
   * console for an employee: deleted these days after giving up, unless handled sooner. Longer than `emails`, so a
   * melding is not lost over a holiday before anyone saw it.
   */
  undelivered: 30,
};

/** What is wrong with a `privacy:` section, in plain words (the schema also checks it; this is for code). */
export function retentionProblem(privacy: unknown): string | undefined {
  if (privacy === undefined) return undefined;
  if (typeof privacy !== 'object' || privacy === null || Array.isArray(privacy)) return 'privacy must be a map of kind: days';
  for (const [kind, days] of Object.entries(privacy)) {
    if (!(DATA_KINDS as readonly string[]).includes(kind)) return `privacy.${kind} is not a kind of data; use one of: ${DATA_KINDS.join(', ')}`;
    if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > 3650) return `privacy.${kind} must be a whole number of days from 0 to 3650`;
  }
  return undefined;
}

/** One bot's retention: bot.yaml `privacy:`, else `handover.keep_days` for handovers, else the defaults. */
export function retentionOf(bot: { handover?: { keep_days?: number }; privacy?: Record<string, number> }): Retention {
  const problem = retentionProblem(bot.privacy);
  if (problem) throw new Error(problem);
  const keepDays = bot.handover?.keep_days;
  return { ...DEFAULT_RETENTION, ...(keepDays !== undefined ? { handover: keepDays } : {}), ...bot.privacy };
}
