/**
 * A second classifier beside NLP.js: multinomial logistic regression over words, word pairs and character n-grams.
 * Character n-grams carry what NLP.js's whole-word features miss: typing errors ("lantarenpaal"), compounds
 * ("straatlantaarn") and Flemish or slang spellings that share most of their letters with a known word. Its
 * probabilities are smooth enough to set thresholds on by cross-validation (src/nlu/crossValidate.ts).
 */
import { normalize } from '../text';
import { FUNCTION_WORDS } from './functionWords';
import { expandShorthand } from './shorthand';

export interface Labelled { text: string; label: string }
export interface Scored { intent: string; score: number }

export interface LinearOptions {
  epochs?: number;
  /** Weight decay per update; keeps rare n-grams from deciding alone. */
  l2?: number;
  learningRate?: number;
  /** Per-class weight 1/count^balance: 0 ignores class size, 1 balances classes fully. */
  balance?: number;
}

const DEFAULTS: Required<LinearOptions> = { epochs: 12, l2: 1e-5, learningRate: 0.5, balance: 0.5 };
const CHAR_MIN = 3;
const CHAR_MAX = 5;
/** Relative weight of each kind of feature after each block is scaled to unit length. */
const BLOCK_WEIGHT = { word: 1, pair: 0.5, char: 1 };
/**
 * A function word as a single-word feature weighs this much of a content word. At full weight the classifier learnt
 * crisis from "heel", "er" and Flemish "gij" (their examples happen to be crisis); left out altogether, negation and
 * pronouns are lost where they matter. Chosen on the development sets (docs/nlu.md).
 */
const FUNCTION_WORD_WEIGHT = 0.4;

type Sparse = { index: Int32Array; value: Float32Array };

/** The features of one message, by name. Blocks are normalised apart so long words do not drown the words. */
export function featuresOf(text: string): Map<string, number> {
  const tokens = normalize(expandShorthand(text)).split(' ').filter(Boolean);
  const out = new Map<string, number>();
  const block = (names: string[], weight: number, of: (name: string) => number = () => 1) => {
    if (names.length === 0) return;
    const counts = new Map<string, number>();
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    let norm = 0;
    for (const [n, c] of counts) norm += ((1 + Math.log(c)) * of(n)) ** 2;
    const scale = weight / Math.sqrt(norm);
    for (const [n, c] of counts) out.set(n, (1 + Math.log(c)) * of(n) * scale);
  };
  block(tokens.map((t) => `w:${t}`), BLOCK_WEIGHT.word, (n) => (FUNCTION_WORDS.has(n.slice(2)) ? FUNCTION_WORD_WEIGHT : 1));
  block(tokens.slice(1).map((t, i) => `p:${tokens[i]}_${t}`), BLOCK_WEIGHT.pair);
  block(tokens.flatMap(charGrams), BLOCK_WEIGHT.char);
  return out;
}

function charGrams(token: string): string[] {
  const padded = `<${token}>`;
  const out: string[] = [];
  for (let n = CHAR_MIN; n <= CHAR_MAX; n++) for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
  return out;
}

export class LinearClassifier {
  private constructor(
    readonly classes: string[],
    private readonly featureIndex: Map<string, number>,
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  static train(examples: Labelled[], options: LinearOptions = {}): LinearClassifier {
    const o = { ...DEFAULTS, ...options };
    const classes = [...new Set(examples.map((e) => e.label))].sort();
    const classOf = new Map(classes.map((c, i) => [c, i]));
    const featureIndex = new Map<string, number>();
    const rows = examples.map((e) => toSparse(featuresOf(e.text), featureIndex, true));
    const labels = examples.map((e) => classOf.get(e.label)!);
    const counts = classes.map((_, c) => labels.filter((l) => l === c).length);
    const classWeight = counts.map((n) => (Math.max(...counts) / n) ** o.balance);
    const C = classes.length;
    const weights = new Float32Array(featureIndex.size * C);
    const bias = new Float32Array(C);
    const order = examples.map((_, i) => i);
    const random = seeded(42);
    const probs = new Float64Array(C);
    const gradient = new Float64Array(C);
    let step = 0;
    const total = o.epochs * examples.length;
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      shuffle(order, random);
      for (const i of order) {
        const lr = o.learningRate * (1 - step++ / total) + 1e-3;
        const row = rows[i];
        softmax(row, weights, bias, C, probs);
        const w = classWeight[labels[i]];
        for (let c = 0; c < C; c++) {
          gradient[c] = (probs[c] - (c === labels[i] ? 1 : 0)) * w * lr;
          bias[c] -= gradient[c];
        }
        const decay = o.l2 * lr;
        // Feature by feature, so each update walks one feature's weights side by side in memory.
        for (let k = 0; k < row.index.length; k++) {
          const base = row.index[k] * C;
          const v = row.value[k];
          for (let c = 0; c < C; c++) {
            if (gradient[c] !== 0) weights[base + c] -= gradient[c] * v + decay * weights[base + c];
          }
        }
      }
    }
    return new LinearClassifier(classes, featureIndex, weights, bias);
  }

  /** Every class with its probability, most likely first; `features` from `featuresOf` when the caller has them. */
  classify(text: string, features = featuresOf(text)): Scored[] {
    const C = this.classes.length;
    const probs = new Float64Array(C);
    softmax(toSparse(features, this.featureIndex, false), this.weights, this.bias, C, probs);
    return this.classes.map((intent, c) => ({ intent, score: probs[c] })).sort((a, b) => b.score - a.score);
  }

  /**
   * The words of a message (its `featuresOf`) that pushed most towards `intent`, for the evidence of a decision;
   * `skip` leaves out words that explain nothing to a reader ("de", "is").
   */
  strongestFeatures(features: Map<string, number>, intent: string, limit = 3, skip: (word: string) => boolean = () => false): string[] {
    const c = this.classes.indexOf(intent);
    if (c < 0) return [];
    const C = this.classes.length;
    const pushing: { name: string; push: number }[] = [];
    // Word features only, and the cheap tests first: a long message has hundreds of character n-grams.
    for (const [feature, v] of features) {
      if (feature.startsWith('c:')) continue;
      const i = this.featureIndex.get(feature);
      const push = i === undefined ? 0 : v * this.weights[i * C + c];
      if (push <= 0) continue;
      const name = feature.slice(2).replace('_', ' ');
      if (!name.split(' ').every(skip)) pushing.push({ name, push });
    }
    return pushing
      .sort((a, b) => b.push - a.push)
      .slice(0, limit)
      .map((f) => f.name);
  }

  /**
   * The model as bytes: a length, a JSON header, the feature names one per line, padding to a multiple of four, then
   * the floats. Aligned floats are read in place (no copy of ~30 MB at start-up).
   */
  export(): Buffer {
    const features = [...this.featureIndex.keys()];
    // Features are normalised text (no line breaks); a name with one would shift every weight after it.
    if (features.some((f) => f.includes('\n'))) throw new Error('a feature name contains a line break');
    const head = Buffer.from(`${JSON.stringify({ classes: this.classes, features: features.length })}\n${features.join('\n')}`);
    const padded = Buffer.concat([head, Buffer.alloc((4 - ((4 + head.length) % 4)) % 4, ' ')]);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(padded.length);
    return Buffer.concat([len, padded, Buffer.from(this.bias.buffer, this.bias.byteOffset, this.bias.byteLength), Buffer.from(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength)]);
  }

  static import(data: Buffer): LinearClassifier {
    const len = data.readUInt32LE(0);
    // Only the padding's spaces: no feature ends in one (words are split on spaces).
    const head = data.subarray(4, 4 + len).toString().replace(/ +$/, '');
    const firstLine = head.indexOf('\n');
    const { classes, features: count } = JSON.parse(firstLine < 0 ? head : head.slice(0, firstLine)) as { classes: string[]; features: number };
    const features = count === 0 ? [] : head.slice(firstLine + 1).split('\n');
    const C = classes.length;
    const offset = data.byteOffset + 4 + len;
    const n = (data.byteLength - 4 - len) / 4;
    if (features.length !== count || n !== C + count * C) throw new Error('linear model file does not match its header');
    // In place when aligned (a large file read on its own); copied otherwise.
    const floats = offset % 4 === 0 ? new Float32Array(data.buffer, offset, n) : new Float32Array(data.buffer.slice(offset, offset + 4 * n));
    const index = new Map<string, number>();
    for (let i = 0; i < features.length; i++) index.set(features[i], i);
    return new LinearClassifier(classes, index, floats.subarray(C), floats.subarray(0, C));
  }
}

function toSparse(features: Map<string, number>, index: Map<string, number>, grow: boolean): Sparse {
  const idx: number[] = [];
  const val: number[] = [];
  for (const [name, v] of features) {
    let i = index.get(name);
    if (i === undefined && grow) index.set(name, (i = index.size));
    if (i === undefined) continue;
    idx.push(i);
    val.push(v);
  }
  return { index: Int32Array.from(idx), value: Float32Array.from(val) };
}

function softmax(row: Sparse, weights: Float32Array, bias: Float32Array, C: number, out: Float64Array): void {
  for (let c = 0; c < C; c++) out[c] = bias[c];
  for (let k = 0; k < row.index.length; k++) {
    const base = row.index[k] * C;
    const v = row.value[k];
    for (let c = 0; c < C; c++) out[c] += v * weights[base + c];
  }
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, out[c]);
  let sum = 0;
  for (let c = 0; c < C; c++) sum += out[c] = Math.exp(out[c] - max);
  for (let c = 0; c < C; c++) out[c] /= sum;
}

/** Training is repeatable: the same examples give the same model. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shuffle<T>(list: T[], random: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
}
