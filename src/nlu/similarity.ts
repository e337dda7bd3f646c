/**
 * A second opinion beside NLP.js: cosine similarity of TF-IDF weighted word stems to every training example,
 * best example per intent. NLP.js's network returns nothing at all for some plain sentences; this never does.
 */
export class SimilarityIndex {
  private readonly postings = new Map<string, { doc: number; weight: number }[]>();
  private readonly idf = new Map<string, number>();
  private readonly intentOf: string[] = [];

  constructor(examples: { intent: string; stems: string[] }[]) {
    const df = new Map<string, number>();
    for (const e of examples) for (const s of new Set(e.stems)) df.set(s, (df.get(s) ?? 0) + 1);
    for (const [s, n] of df) this.idf.set(s, Math.log(1 + examples.length / n));
    examples.forEach((e, doc) => {
      this.intentOf.push(e.intent);
      const vec = this.vector(e.stems);
      for (const [s, w] of vec) this.postings.set(s, [...(this.postings.get(s) ?? []), { doc, weight: w }]);
    });
  }

  /** Intents by their best-matching example, most similar first. */
  rank(stems: string[], limit = 5): { intent: string; score: number }[] {
    const scores = new Map<number, number>();
    for (const [s, w] of this.vector(stems)) {
      for (const p of this.postings.get(s) ?? []) scores.set(p.doc, (scores.get(p.doc) ?? 0) + w * p.weight);
    }
    const best = new Map<string, number>();
    for (const [doc, score] of scores) {
      const intent = this.intentOf[doc];
      if (score > (best.get(intent) ?? 0)) best.set(intent, score);
    }
    return [...best].map(([intent, score]) => ({ intent, score })).sort((a, b) => b.score - a.score).slice(0, limit);
  }

  private vector(stems: string[]): Map<string, number> {
    const tf = new Map<string, number>();
    for (const s of stems) if (this.idf.has(s)) tf.set(s, (tf.get(s) ?? 0) + 1);
    let norm = 0;
    for (const [s, n] of tf) {
      const w = n * this.idf.get(s)!;
      tf.set(s, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [s, w] of tf) tf.set(s, w / norm);
    return tf;
  }
}

