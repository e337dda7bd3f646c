/**
 * Natural-language understanding: NLP.js and a character n-gram classifier blended into one ranking, keyword signals,
 * entity lists, domain vocabulary, sentiment and tone, combined into one `Understanding` per message. Out of scope
 * is recognised as classes of its own (docs/nlu.md).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpus } from '../content/corpus';
import type { BotContent, Intent } from '../content/types';
import type { Understanding } from '../engine/types';
import type { Lang } from '../slots/types';
import { detectLanguage, foreignLanguage, plainly } from './language';
import { blend } from './blend';
import { trainingExamples } from './examples';
import { FUNCTION_WORDS, STOPWORDS, TIME_WORDS } from './functionWords';
import { screened, trainCrisisScreen } from './crisisScreen';
import { featuresOf, LinearClassifier } from './linear';
import { compactModel, createNlp, importModel, trainNlpBeside, type NlpModel } from './nlpjs';
import { emojiToWords } from './emoji';
import { EntityIndex } from './entities';
import { keywordRules, lexiconRules, matchKeywords, type KeywordRule } from './keywords';
import type { KnownNeeds } from './prefilter';
import { expandShorthand } from './shorthand';
import { dictionaryNeighbours, exampleSlips, WordSpeller } from './spelling';
import { normalize, unstretched, withoutInvisibles, words } from '../text';
import { filesHash, PACKAGE_ROOT } from '../paths';
import { modelFileName, modelFileOf, readModelFile, type ModelPart } from './readAhead';
import { sentiment, stem } from './sentiment';

export { keywordRules, lexiconRules, matchKeywords, type KeywordRule } from './keywords';

/** How likely the best intent must be to count as understood; the blend spreads probability over ~45 intents. */
const DEFAULT_THRESHOLD = 0.35;
/** Only the start of a very long message is classified: it carries the request, and cost stays bounded. */
const MAX_CHARS = 600;
/** How far ahead of a keyword's intent the classifier's first choice must be to win (chosen on the dev sets). */
const KEYWORD_OVERRULED = 0.6;
export interface NluOptions { cacheDir?: string; threshold?: number }

export interface NluTimings { trainMs: number; loadedFromCache: boolean }

/**
 * Stems of the examples' content words; the words the examples use often enough to be a compound typed as two
 * words, and those compounds' halves where the examples do write them apart ("hoe lang"); the examples' own slips of
 * such words ("afspaak"), which nothing is put right towards; the Dutch and English words one letter from a word the
 * examples use often, which are no slips of it.
 */
interface Vocab { inScope: Set<string>; outOfScope: Set<string>; compounds: Set<string>; apart: Set<string>; slips: Set<string>; realWords: Set<string> }

/** Two words are joined only into a word the examples use at least this often. */
const MIN_JOINED_USES = 3;
/** Words of a municipality's name that are not the name itself. */
const NAME_WORDS = new Set(['gemeente', 'municipality', 'stad', 'city', 'dorp']);

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A resident searching for a word ("uhm, hoe heet het nou", "eh dinges") says nothing yet: not understood, not "not for us". */
const HESITATION = /^[\s\p{P}]*(?:(?:u+h*m+|e+h*m*|e+u+h+|hm+|nou|dinges|dingetje|hoe heet (?:het|dat)(?: (?:ook alweer|nou|ding))?|weet je wel|zeg maar|even denken|wacht even)[\s\p{P}]*)+$/iu;
/** Messages up to this length are remembered once understood; most are answers and pressed buttons. */
const SHORT = 24;
/** Never remembered: a phone number, postcode, house number or e-mail address is a resident's, not a button. */
const PERSONAL = /[\p{N}@]|apenstaartje|\bat\b.*\b(?:punt|dot)\b/iu;
const REMEMBERED = 2000;
/**
 * A web address is no one's words: "bit.ly/noodgeval-actie" in spam named a crisis. Keywords read it as "link" (with
 * its "https" or "www" kept, which mark spam).
 */
const LINK = /\b(https?:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/\S*/giu;
const linkWord = (_: string, scheme?: string) => `${scheme ? scheme.replace(/[:/.]+$/, '') : ''} link`;
/**
 * Words named only to deny them: "ik wil geen afspraak, ik heb een scootmobiel nodig", "niet de lantaarnpaal op
 * straat, de buitenlamp van ons eigen huis", "het gaat mij niet om een internationaal rijbewijs". A negation right
 * before the words a keyword matched, with at most two small words between ("niet om een").
 */
const DENIED = /(?:^|\s)(?:niet|geen|niks|niets|not|no|never|dont|don't)(?: (?:de|het|een|om|over|voor|mijn|m'n|mn|ons|onze|je|uw|the|a|an|my|our|about|for|op|aan|met|van|bij)){0,2} $/u;
/** A match that starts a clause of its own ("hij snapt niet hoe hij die verklaring invult") is not what was denied. */
const CLAUSE = /^(?:hoe|wat|waar|wanneer|waarom|welke?|wie|of|dat|als|how|what|where|when|why|which|who|if|that)\b/u;
function denied(read: string, match: string): boolean {
  const at = read.indexOf(match);
  return at > 0 && !CLAUSE.test(match) && DENIED.test(read.slice(Math.max(0, at - 40), at));
}

export class Nlu {
  readonly timings: NluTimings;
  private readonly short = new Map<string, Promise<Understanding>>();
  private readonly keywordRules: KeywordRule[];
  /** Patterns for a whole message (`^…$`: "melding", "een melding graag"): the editor's own answer to it. */
  private readonly wholeMessageRules: KeywordRule[];
  private readonly lexiconRules: KeywordRule[];
  private readonly outOfScopeIntents: Set<string>;
  private readonly threshold: number;
  private readonly entityIndex: EntityIndex;
  private readonly speller: WordSpeller;
  /**
   * The words of the municipality's own name ("voorbeeld" of "Gemeente Voorbeeld"). Examples name the town ("wie is de
   * burgemeester van voorbeeld"), so the name leans to politics, but on its own it is no reason to call a colleague:
   * a resident who typed only the town's name or its web address was handed over as political.
   */
  private readonly ownName: Set<string>;
  /** Intents that call no colleague: their words can be named only to say they are not the question. */
  private readonly deniable: Set<string>;

  private constructor(
    private readonly content: BotContent,
    private readonly model: NlpModel,
    private readonly linear: LinearClassifier,
    private readonly screen: LinearClassifier | undefined,
    private readonly vocab: Vocab,
    needs: KnownNeeds,
    timings: NluTimings,
    opts: NluOptions,
  ) {
    this.timings = timings;
    const intents = [...content.intents.values()];
    this.keywordRules = keywordRules(content, needs);
    this.wholeMessageRules = this.keywordRules.filter((r) => r.re.source.startsWith('^') && r.re.source.endsWith('$'));
    this.lexiconRules = lexiconRules(content, needs);
    this.outOfScopeIntents = new Set(intents.filter((i) => i.out_of_scope).map((i) => i.id));
    this.threshold = opts.threshold ?? content.bot.nlu?.threshold ?? DEFAULT_THRESHOLD;
    this.entityIndex = new EntityIndex([...content.entities.values()]);
    this.speller = new WordSpeller([...vocab.compounds].filter((w) => !vocab.slips.has(w)), vocab.realWords);
    this.ownName = new Set(words(content.bot.name).filter((w) => !FUNCTION_WORDS.has(w) && !NAME_WORDS.has(w)));
    this.deniable = new Set(intents.filter((i) => !i.handover).map((i) => i.id));
  }

  /** Trains, or loads the model trained earlier on exactly the same content. */
  static async create(content: BotContent, opts: NluOptions = {}): Promise<Nlu> {
    const started = Date.now();
    const model = await createNlp(content.bot.languages);
    const key = modelKey(content);
    const part = (p: ModelPart) => (opts.cacheDir ? join(opts.cacheDir, modelFileName(content.bot.id, key, p)) : undefined);
    const [file, linearFile, screenFile, derivedFile] = [part('json'), part('linear'), content.crisisCorpus ? part('screen') : undefined, part('derived')];
    const cached = [file, linearFile, ...(content.crisisCorpus ? [screenFile] : [])];
    if (cached.every((f) => f && existsSync(f))) {
      try {
        importModel(model, (await readModelFile(file!)).toString('utf8'));
        const linear = LinearClassifier.import(await readModelFile(linearFile!));
        const screen = screenFile ? LinearClassifier.import(await readModelFile(screenFile)) : undefined;
        return Nlu.withDerived(content, model, { linear, screen }, derivedFile, { trainMs: Date.now() - started, loadedFromCache: true }, opts);
      } catch {
        // A damaged cache file is retrained and overwritten below.
      }
    }
    const examples = trainingExamples(content);
    const documents = examples.filter((e) => !e.background).map((e) => ({ locale: e.lang, utterance: e.text, intent: e.label }));
    const corpus = content.crisisCorpus ? readCorpus(join(content.root, content.crisisCorpus.file), content.crisisCorpus.file).messages : undefined;
    // The classifiers train side by side: NLP.js on worker threads, the n-gram classifier and the crisis screen here.
    const trained = await trainNlpBeside(content.bot.languages, documents, () => ({ linear: LinearClassifier.train(examples), screen: corpus && trainCrisisScreen(corpus) }));
    const { linear, screen } = trained.result;
    const exported = compactModel(trained.model);
    importModel(model, exported);
    if (file && linearFile && derivedFile) {
      writeAtomically(file, exported);
      writeAtomically(linearFile, linear.export());
      if (screenFile && screen) writeAtomically(screenFile, screen.export());
      removeStaleModels(opts.cacheDir!, content.bot.id, [file, linearFile, derivedFile, ...(screenFile ? [screenFile] : [])]);
    }
    return Nlu.withDerived(content, model, { linear, screen }, derivedFile, { trainMs: Date.now() - started, loadedFromCache: false }, opts);
  }

  /**
   * The NLU with what is worked out from the content besides the model (the vocabulary, what keyword patterns need),
   * read back from `file` or worked out and kept there: that took ~0.5 s of every start-up.
   */
  private static withDerived(content: BotContent, model: NlpModel, trained: { linear: LinearClassifier; screen?: LinearClassifier }, file: string | undefined, timings: NluTimings, opts: NluOptions): Nlu {
    const kept = file ? readDerived(file) : undefined;
    const needs = kept?.needs ?? new Map();
    const known = needs.size;
    const vocab = kept?.vocab ?? buildVocab([...content.intents.values()]);
    const nlu = new Nlu(content, model, trained.linear, trained.screen, vocab, needs, timings, opts);
    // New keyword patterns since it was kept are added to it. Only a saving: a cache that cannot be written (a
    // read-only folder) costs the next start the same work again, not the start itself.
    if (file && (!kept || needs.size !== known)) {
      try {
        writeAtomically(file, JSON.stringify({ vocab: Object.fromEntries(Object.entries(vocab).map(([k, set]) => [k, [...set]])), needs: [...needs] }));
      } catch {
        // Worked out again next time.
      }
    }
    return nlu;
  }

  /**
   * What a message means. Every message is understood (crisis is screened for in each), but the same short message in
   * the same preferred language always means the same: "ja", "nee" or a pressed button's text is worked out once and
   * remembered (frozen, so no caller can change what the next one gets).
   */
  async understand(text: string, preferred: Lang): Promise<Understanding> {
    if (text.length > SHORT || PERSONAL.test(text)) return this.classify(text, preferred);
    const key = `${preferred}\n${text}`;
    let known = this.short.get(key);
    if (!known) {
      if (this.short.size >= REMEMBERED) this.short.clear();
      known = this.classify(text, preferred).then(deepFreeze);
      this.short.set(key, known);
      known.catch(() => this.short.delete(key));
    }
    return known;
  }

  /** `understand` without the memo: each call does all the work (what the benchmark times). */
  async classify(text: string, preferred: Lang): Promise<Understanding> {
    const first = emojiToWords(this.unstretch(withoutInvisibles(text.slice(0, MAX_CHARS))));
    const firstTokens = normalize(first).split(' ').filter(Boolean);
    const lang = detectLanguage(firstTokens, this.content.bot.languages) ?? preferred;
    const clipped = this.rejoined(first, firstTokens, lang);
    const tokens = clipped === first ? firstTokens : normalize(clipped).split(' ').filter(Boolean);
    const features = featuresOf(clipped);
    // The classifiers know Dutch and English only: on another language their lean is noise, not a reason.
    const foreign = foreignLanguage(clipped, tokens);
    const ranking = foreign ? [] : await this.rank(clipped, tokens, lang, features);
    const read = this.readable(clipped, lang);
    const keywordHits = matchKeywords(this.keywordRules, read).filter((h) => !(this.deniable.has(h.intent) && denied(read, h.match)));
    const keywords = [...new Set(keywordHits.map((k) => k.intent))];
    const coverage = this.coverage(tokens, lang);
    // The editor's own answer to exactly this message ("ik heb een vraag", "melding"), when a pattern says so.
    const exactly = keywords.length ? matchKeywords(this.wholeMessageRules, read).find((k) => !this.content.intents.get(k.intent)?.handover)?.intent : undefined;
    const top = this.pickIntent(ranking, keywords, exactly);
    // "Not for us" is a decision of its own: an out-of-scope intent recognised as surely as any other, or named by its
    // own keywords (spam: "klik hier", a link), keeps its id.
    const hesitating = HESITATION.test(clipped);
    const notForUs = !hesitating && top !== undefined && this.outOfScopeIntents.has(top.intent) && (top.score >= this.threshold || keywords.some((k) => this.outOfScopeIntents.has(k)));
    const outOfScope = hesitating || !top || this.outOfScopeIntents.has(top.intent) || (!keywords.includes(top.intent) && (top.score < this.threshold || coverage === 0));
    return {
      text,
      lang,
      langPlain: plainly(tokens, lang),
      intent: notForUs || !outOfScope ? top!.intent : null,
      score: top?.score ?? 0,
      ranking,
      entities: this.entityIndex.find(tokens),
      keywords,
      keywordHits,
      lexiconHits: matchKeywords(this.lexiconRules, read),
      // Only the handover policy reads these, and only for handover intents.
      cues: this.cues(ranking, features),
      outOfScope,
      ...(foreign ? { foreign } : {}),
      ...(exactly ? { exactly } : {}),
      sentiment: sentiment(tokens, lang),
      shouting: shouting(clipped),
      ...(this.screen && !foreign ? { crisisScreen: screened(this.screen, clipped, features, (w) => FUNCTION_WORDS.has(w)) } : {}),
    };
  }

  /**
   * A compound typed as two words ("uit het buiten land", "me in schrijven") is joined again, so every
   * signal reads it as the examples write it: when the examples use the joined word several times and never the two
   * words in a row ("hoe lang", "rijbewijs aanvragen" stay apart).
   */
  private rejoined(text: string, tokens: string[], lang: Lang): string {
    let out = text;
    for (let i = 0; i + 1 < tokens.length; i++) {
      const [a, b] = [tokens[i], tokens[i + 1]];
      const joined = a + b;
      if (!this.vocab.compounds.has(joined) || this.vocab.apart.has(`${a} ${b}`)) continue;
      // "de borst en" is no "borsten": the second word must be a word, not an ending of the first.
      if (b.length < 3 || /\d/.test(joined) || stem(joined, lang) === stem(a, lang)) continue;
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escapeRegExp(a)})\\s+(${escapeRegExp(b)})(?![\\p{L}\\p{N}])`, 'iu');
      // A capital starts a name: "meneer van Dalen" is not "vandalen".
      const next = out.replace(pattern, (all, x: string, y: string) => (y[0] === y[0].toLowerCase() ? x + y : all));
      if (next !== out) i++;
      out = next;
    }
    return out;
  }

  /**
   * Words with a letter stretched by chat ("afspraaaaak", "dankjeeee"): the letter typed twice, or once where only
   * that makes a word the examples use ("dankje", not "dankjee").
   */
  private unstretch(text: string): string {
    return text.replace(/\p{L}*(\p{L})\1{2,}\p{L}*/gu, (word) => {
      const twice = unstretched(word);
      const once = unstretched(word, 1);
      return this.knows(twice) || !this.knows(once) ? twice : once;
    });
  }

  /**
   * Per likely handover intent, the words that pushed the classifier most towards it. The day a message speaks of is
   * no sign of strong feeling ("hoe is t met je vandaag"), but it is of danger ("vannacht doe ik het").
   */
  private cues(ranking: { intent: string }[], features: Map<string, number>): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const { intent } of ranking.slice(0, 3)) {
      const reason = this.content.intents.get(intent)?.handover;
      if (!reason) continue;
      const skip = (w: string) => FUNCTION_WORDS.has(w) || (reason !== 'crisis' && TIME_WORDS.has(w)) || this.ownName.has(w);
      out[intent] = this.linear.strongestFeatures(features, intent, 3, skip);
    }
    return out;
  }

  /** As the examples write it: a stem would take "kapoot" for "kapot". */
  private knows(word: string): boolean {
    return this.vocab.compounds.has(normalize(word));
  }

  /**
   * Keywords and lexicons read the message with its chat shorthand written out ("rbw", "mn") and slips in the
   * content's long words put right ("rijbewies"), so a pattern lists a word once and its exceptions ("not the police
   * when it is about a licence") hold for every spelling.
   */
  private readable(text: string, lang: Lang): string {
    const tokens = normalize(expandShorthand(text.replace(LINK, linkWord))).split(' ').filter(Boolean);
    const known = (t: string) => this.vocab.inScope.has(stem(t, lang)) || this.vocab.outOfScope.has(stem(t, lang));
    const sameWord = (slip: string, word: string) => stem(slip, lang) === stem(word, lang);
    // A word is known to the speller only as the examples write it: "paspoor" shares its stem with an example's slip
    // "paspor", and is still a slip of "paspoort".
    return this.speller.spell(this.entityIndex.spell(tokens, known), (t) => this.knows(t), sameWord).join(' ');
  }

  private async rank(text: string, tokens: string[], lang: Lang, features: Map<string, number>): Promise<{ intent: string; score: number }[]> {
    if (tokens.length === 0) return [];
    return blend((await this.model.process(lang, text)).classifications, this.linear.classify(text, features));
  }

  /**
   * A pattern for the whole message (`exactly`) decides. Otherwise a keyword hit outranks the classifier's first
   * choice, unless that choice is far ahead: an in-scope intent's keyword first, else an out-of-scope one's ("klik
   * hier": spam is not for us, however loud).
   */
  private pickIntent(ranking: { intent: string; score: number }[], keywords: string[], exactly: string | undefined): { intent: string; score: number } | undefined {
    if (exactly) return { intent: exactly, score: Math.max(ranking.find((r) => r.intent === exactly)?.score ?? 0, 0.9) };
    const candidates = keywords.filter((k) => !this.content.intents.get(k)?.handover);
    const inScope = candidates.filter((k) => !this.outOfScopeIntents.has(k));
    const routable = inScope.length > 0 ? inScope : candidates;
    if (routable.length === 0) return ranking[0];
    const best = ranking.find((r) => routable.includes(r.intent));
    // "een oud verkeersbord kopen als decoratie": the keyword says melding, the classifier is all but sure it is not.
    const overruled = ranking[0] && ranking[0] !== best && ranking[0].score - (best?.score ?? 0) >= KEYWORD_OVERRULED;
    if (overruled || this.chatAside(routable, ranking[0])) return ranking[0];
    return { intent: best?.intent ?? routable[0], score: Math.max(best?.score ?? 0, 0.9) };
  }

  /**
   * "Ben je een robot? Maakt niet uit. Wanneer kan ik aan de balie …": only small talk's keywords matched, an aside
   * about the chat, while the classifier is sure of a question the bot answers or a product it runs.
   */
  private chatAside(routable: string[], first: { intent: string; score: number } | undefined): boolean {
    if (!first || first.score < this.threshold || !routable.every((k) => this.content.intents.get(k)?.small_talk)) return false;
    const intent = this.content.intents.get(first.intent);
    return intent !== undefined && !intent.small_talk && !intent.handover && !intent.out_of_scope;
  }

  /** Share of the message's content words that occur in in-scope training data, out-of-scope words excluded. */
  coverage(tokens: string[], lang: Lang): number {
    const content = tokens.filter((t) => !STOPWORDS.has(t) && t.length > 1 && !/^\d+$/.test(t));
    if (content.length === 0) return 1;
    const known = content.filter((t) => this.vocab.inScope.has(stem(t, lang)));
    return known.length / content.length;
  }
}

/** Angry faces: one may be a shrug; two or more are a raised voice (46 of the 48 such messages in the sets complain). */
const ANGRY_FACES = /(?:😡|🤬|😤|😠)/gu;

/** Mostly capitals in a message of some length, a row of !!! / ?!? or angry faces: the resident raises their voice. */
export function shouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  return (letters.length >= 12 && upper / letters.length >= 0.7) || /[!?]{3,}/.test(text) || (text.match(ANGRY_FACES)?.length ?? 0) >= 2;
}

function buildVocab(intents: Intent[]): Vocab {
  const inScope = new Set<string>();
  const outOfScope = new Set<string>();
  const uses = new Map<string, number>();
  const examples: string[][] = [];
  for (const intent of intents) {
    const target = intent.out_of_scope ? outOfScope : inScope;
    for (const [lang, list] of Object.entries(intent.utterances) as [Lang, string[]][]) {
      for (const u of list) {
        const tokens = normalize(u).split(' ').filter(Boolean);
        examples.push(tokens);
        for (const t of tokens) {
          uses.set(t, (uses.get(t) ?? 0) + 1);
          if (!STOPWORDS.has(t)) target.add(stem(t, lang));
        }
      }
    }
  }
  const compounds = new Set([...uses].filter(([, n]) => n >= MIN_JOINED_USES).map(([w]) => w));
  const apart = new Set(examples.flatMap((tokens) => tokens.slice(1).flatMap((b, i) => (compounds.has(tokens[i] + b) ? [`${tokens[i]} ${b}`] : []))));
  const slips = exampleSlips(compounds);
  return { inScope, outOfScope, compounds, apart, slips, realWords: dictionaryNeighbours([...compounds].filter((w) => !slips.has(w))) };
}

/** What was kept by `withDerived`, or undefined when there is none or it cannot be read (it is then worked out again). */
function readDerived(file: string): { vocab: Vocab; needs: KnownNeeds } | undefined {
  try {
    const { vocab, needs } = JSON.parse(readFileSync(file, 'utf8')) as { vocab: Record<keyof Vocab, string[]>; needs: [string, string[] | null][] };
    const set = (key: keyof Vocab) => {
      if (!Array.isArray(vocab[key])) throw new Error(`no ${key}`);
      return new Set(vocab[key]);
    };
    return { vocab: { inScope: set('inScope'), outOfScope: set('outOfScope'), compounds: set('compounds'), apart: set('apart'), slips: set('slips'), realWords: set('realWords') }, needs: new Map(needs) };
  } catch {
    return undefined;
  }
}

let code: string | undefined;

function modelKey(content: BotContent): string {
  const data = [...content.intents.values()].map((i) => [i.id, i.background === true, content.bot.languages.map((l) => i.utterances[l] ?? [])]);
  // The code that turns examples into a model and a vocabulary (this folder's features, function words and
  // shorthand, and the text functions): other code, another model.
  code ??= filesHash(codeFolders());
  return createHash('sha256').update(JSON.stringify([code, content.bot.languages, data, content.crisisCorpus?.hash ?? null])).digest('hex').slice(0, 16);
}

/**
 * The sources where they are (a clone: the tests run them, `npm start` runs their build, and both then share one
 * model instead of retraining in turn), else the build of an installed package.
 */
function codeFolders(): string[] {
  const src = join(PACKAGE_ROOT, 'src');
  const base = existsSync(join(src, 'nlu', 'index.ts')) ? src : join(__dirname, '..');
  return [join(base, 'nlu'), join(base, 'text')];
}

/** Models trained on earlier versions of the content are never loaded again. */
function removeStaleModels(dir: string, botId: string, keep: string[]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (modelFileOf(name)?.botId === botId && !keep.includes(path)) rmSync(path, { force: true });
  }
}

function writeAtomically(file: string, data: string | Buffer): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
