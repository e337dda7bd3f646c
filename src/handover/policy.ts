import { POLICY_REASONS, type BotContent, type PolicyReason } from '../content/types';
import type { PolicyDecision, Understanding } from '../engine/types';

/** How sure the classifier must be, per reason, when no keyword settles it. Crisis errs on the side of a person. */
const DEFAULT_MIN_SCORE: Record<PolicyReason, number> = { crisis: 0.5, person: 0.7, political: 0.7, complex: 0.7, emotional: 0.75 };
const DEFAULT_SENTIMENT_THRESHOLD = -0.45;
/** In the middle of a flow, only these reasons interrupt it; a melding about a tree at the azc is still a melding. */
const IN_FLOW: readonly PolicyReason[] = ['crisis', 'person', 'emotional'];

/** Which signal decided a reason: for the benchmark, which measures what each signal adds. */
export type Signal = 'keyword' | 'classifier' | 'similarity' | 'sentiment';

/** How close the nearest training example of a handover intent must be (TF-IDF cosine) to count on its own. */
const DEFAULT_SIMILARITY_MIN = 0.4;

/** How close the nearest ordinary example must be to overrule the classifier's handover guess. */
const ORDINARY_SIMILARITY = 0.6;
/** A classifier this sure that a message is out of scope is only overruled by a likeness of at least CLOSE_LIKENESS. */
const SURE_OUT_OF_SCOPE = 0.9;
const CLOSE_LIKENESS = 0.8;

export interface PolicyOptions {
  /** Leave signals out, to measure what each adds. */
  disable?: Signal[];
}

/**
 * The handover policy of one bot: from what the NLU made of a message to "hand over, and why". Reasons come from
 * keywords (high precision lists per reason), the classifier's handover intents, and for emotion also from strongly
 * negative sentiment when the message is not an ordinary request.
 */
export class HandoverPolicy {
  private readonly intentsByReason = new Map<PolicyReason, string[]>();
  private readonly productIntents: Set<string>;

  constructor(private readonly content: BotContent, private readonly opts: PolicyOptions = {}) {
    for (const intent of content.intents.values()) {
      if (intent.handover) this.intentsByReason.set(intent.handover, [...(this.intentsByReason.get(intent.handover) ?? []), intent.id]);
    }
    this.productIntents = new Set([...content.flows.values()].flatMap((f) => f.triggers));
  }

  decide(u: Understanding, inFlow: boolean): PolicyDecision {
    const signals: Partial<Record<PolicyReason, Signal>> = {};
    for (const reason of POLICY_REASONS) {
      if (!this.enabled(reason) || (inFlow && !IN_FLOW.includes(reason))) continue;
      const signal = this.signal(reason, u, inFlow);
      if (signal) signals[reason] = signal;
    }
    const reasons = POLICY_REASONS.filter((r) => signals[r]);
    const urgent = reasons.some((r) => this.settings(r).priority === 'urgent' || (r === 'crisis' && this.settings(r).priority === undefined));
    return { handover: reasons.length > 0, reasons, priority: urgent ? 'urgent' : 'normal', signals };
  }

  private settings(reason: PolicyReason) {
    return this.content.bot.handover.reasons?.[reason] ?? {};
  }

  private enabled(reason: PolicyReason): boolean {
    return this.settings(reason).enabled !== false;
  }

  private on(signal: Signal): boolean {
    return !this.opts.disable?.includes(signal);
  }

  private signal(reason: PolicyReason, u: Understanding, inFlow: boolean): Signal | undefined {
    const intents = this.intentsByReason.get(reason) ?? [];
    if (this.on('keyword') && intents.some((i) => u.keywords.includes(i))) return 'keyword';
    const min = Math.max(this.settings(reason).min_score ?? DEFAULT_MIN_SCORE[reason], inFlow ? 0.85 : 0);
    const top = u.ranking[0];
    if (this.on('classifier') && top && intents.includes(top.intent) && top.score >= min && !this.productKeyword(u) && !this.ordinaryBySimilarity(intents, u)) return 'classifier';
    if (this.on('similarity') && !inFlow && this.similarTo(intents, u)) return 'similarity';
    if (reason === 'emotional' && this.on('sentiment') && this.distressed(u)) return 'sentiment';
    return undefined;
  }

  /** The nearest training example belongs to a handover intent, and neither a product keyword nor the classifier says it is an ordinary request. */
  private similarTo(intents: string[], u: Understanding): boolean {
    const nearest = u.similar[0];
    const min = this.content.bot.handover.similarity_min ?? DEFAULT_SIMILARITY_MIN;
    const top = u.ranking[0];
    const ordinaryRequest = top && this.productIntents.has(top.intent) && top.score >= 0.5;
    // "reserveer een tafel bij de Italiaan": the classifier is sure it is chatter; a loose likeness does not overrule that.
    const surelyElsewhere = u.outOfScope && top && top.score >= SURE_OUT_OF_SCOPE && nearest && nearest.score < CLOSE_LIKENESS;
    return Boolean(nearest && intents.includes(nearest.intent) && nearest.score >= min && !ordinaryRequest && !surelyElsewhere && !this.productKeyword(u));
  }

  /**
   * The nearest training examples point closely to a product (a flow) and none to this reason: the classifier's
   * guess then rests on a shared word ("mijn kind heeft een id-kaart nodig" is not a child in danger). Small talk
   * does not count: one shared word ("dag") makes it look close.
   */
  private ordinaryBySimilarity(intents: string[], u: Understanding): boolean {
    const nearest = u.similar[0];
    return Boolean(nearest && this.productIntents.has(nearest.intent) && nearest.score >= ORDINARY_SIMILARITY && !u.similar.some((s) => intents.includes(s.intent)));
  }

  /** A keyword for a product (lantaarnpaal, rijbewijs) means an ordinary request, however it is phrased. */
  private productKeyword(u: Understanding): boolean {
    return u.keywords.some((k) => this.productIntents.has(k));
  }

  /** Very negative wording that is not about a product the bot handles. */
  private distressed(u: Understanding): boolean {
    const threshold = this.content.bot.handover.sentiment_threshold ?? DEFAULT_SENTIMENT_THRESHOLD;
    if (u.sentiment > threshold || this.productKeyword(u)) return false;
    const top = u.ranking[0];
    return !top || !this.productIntents.has(top.intent) || top.score < 0.6;
  }
}
