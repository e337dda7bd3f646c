import { POLICY_REASONS, type BotContent, type PolicyReason, type ReasonSettings, type ReasonThresholds } from '../content/types';
import type { Evidence, PolicyDecision, Understanding, Where } from '../engine/types';

/**
 * Thresholds on the classifier's probability for a reason (the sum over that reason's intents), chosen by `npm run
 * bench -- --tune` on cross-validated and development-set probabilities, at the least cost of the policy's mistakes. A
 * bot sets its own under handover.reasons in bot.yaml (what each means: ReasonThresholds). Why crisis has more:
 * - `with_despair`: danger words where the classifier hears despair rather than danger ("ik kan echt niet meer. wil
 *   gewoon dat het ophoudt allemaal": emotion 0.66, crisis 0.01); missing it costs more than 113 said to someone in
 *   deep distress.
 * - `panic_*`: a panicked resident types a few words ("kan niet ademen", "mama zeg niks meer") and the classifier
 *   spreads its probability thin. A single lexicon word needs crisis first: not "gas afsluiten", "mes slijpen".
 * - `with_two_phrases`: two different danger phrases ("ziet alles dubbel … hand gevoelloos"), even after a request.
 */
export const DEFAULT_THRESHOLDS: Record<PolicyReason, Thresholds> = {
  crisis: { min_score: 0.7, with_keyword: 0.05, when_first: 0.6, with_screen: 0.85, with_lexicon: 0.4, with_despair: 0.5, with_two_phrases: 0.1, panic_phrase: 0.02, panic_word: 0.25, panic_max_words: 5 },
  emotional: { min_score: 0.4, with_keyword: 0, with_angry_faces: 0.02, screen_clears: 0.8 },
  political: { min_score: 0.4, with_keyword: 0, screen_clears: 0.9 },
  complex: { min_score: 0.5, with_keyword: 0.05, screen_clears: 0.8 },
  person: { min_score: 0.3, with_keyword: 0.2, screen_clears: 0.8 },
};

/**
 * When no reason holds on its own but the classifier gives all reasons together at least this much, a person is
 * needed all the same: a widow's first message splits between crisis and emotion. Tuned like the others.
 */
const DEFAULT_COMBINED_MIN_SCORE = 0.75;
const DEFAULT_SENTIMENT_THRESHOLD = -0.45;
/**
 * In the middle of a flow, only these reasons interrupt it; a melding about a tree at the azc is still a melding. A
 * message that does not answer the open question (`aside`) may have any reason, under the flow's stricter rules.
 */
const IN_FLOW: readonly PolicyReason[] = ['crisis', 'person', 'emotional'];
/** In a flow the classifier alone must be this sure (`in_flow_min_score`): most messages there are answers. */
const DEFAULT_IN_FLOW_MIN_SCORE = 0.85;

/**
 * A classifier lean this sure stands on its own (`sure_score` in bot.yaml): it needs no content word behind it ("Ik wil
 * iemand met oren, niet met knoppen" has none the classifier knows, yet leaves no doubt), and a lean to a person
 * outweighs the words of something the bot answers. Below it, "nou eh dinges" is not a reason to call a colleague.
 */
const DEFAULT_SURE_SCORE = 0.7;
/** Words that place what a message tells in the past ("gisteravond", "vorig jaar"): named danger then is not now. */
const TOLD_OF_THE_PAST = /\b(?:gisteren|gisteravond|gisternacht|afgelopen (?:nacht|week|maand|jaar|zomer|winter)|vorige (?:week|maand|keer)|vorig jaar|toen|vroeger|geleden|yesterday|last (?:night|week|month|year)|ago)\b/i;

/**
 * Laughter or a short thanks ("haha, ik schrok me dood", "bedakt voor de hulp, fijen avond!"): the classifier may lean
 * to anger or the social domain, but nobody asks for a colleague. Sarcasm ("Bedankt hoor, voor de vierde keer …") is
 * longer than a thanks and not cheerful; a pleading 🙏 is no laughter.
 */
const LAUGHTER = /(?:\b(?:ha){2,}h?\b|\bhihi\b|\blol\b|\blmao\b|\bxd\b|\bgrapje\b|van het lachen|😂|🤣|😅|😄|😁|😆|🙂|😊|😉|😃|👍)/iu;
const THANKS = /^\W*(?:\w+\W+){0,2}(?:bedankt|bedakt|bednakt|dank ?je ?wel|dankjewel|dnakjewel|dnak ?je|dank u ?wel|dankuwel|dank je|dank u|thanks|thank you|thx|merci|top|super)\b/iu;
const THANKS_MAX_WORDS = 8;
/** "mn moeder gaat me echt vermoorden 😂 mn paspoort heeft in de was gezeten": with laughter, a figure of speech. */
// Also "als ik nog 1x die ijscowagen hoor spring ik uit het raam 😂😂": an if-once-more that only laughter makes a joke.
const JOKING_THREAT = /\b(?:gaat|gaan|zal|zullen|will|is going to|gonna)\s+(?:me|mij|ons|us)\s+(?:\w+\s+){0,2}(?:vermoorden|afmaken|killen|kill)\b|\bals (?:ik|ik het) (?:nog )?(?:1|een|één) ?(?:x|keer|maal)\b/i;
/** Laughter with words this negative ("ik ga dood van het lachen") is still laughter; a thanks must not be negative. */
const LAUGHTER_MIN_SENTIMENT = -0.3;
/** Reasons that are a subject rather than a state of the resident: a product's own words outweigh an unsure lean. */
const SUBJECTS: readonly PolicyReason[] = ['complex', 'political'];
/** The reasons laughter outweighs when only the classifier leans to them; crisis and a request for a person stay. */
const CHEERFUL_EXEMPT: readonly PolicyReason[] = ['emotional', 'complex', 'political'];

/**
 * Praise without a thank-you ("Petje af, had ik niet verwacht van dit loket", "Leuk gedaan hoor"). Sarcasm praises
 * too ("goed bezig gemeente, 4 weken wachten"), so praise counts only without words of waiting, repetition or lack.
 */
const PRAISE = /\b(?:petje af|(?:me|mij|ons) (?:\w+ ){0,2}uit de brand (?:ge)?holpen|complimenten?|chapeau|hulde|knap (?:gedaan|gemaakt)|goed (?:gedaan|geregeld|geholpen)|netjes geregeld|leuk gedaan|top geregeld|super geregeld|prima geregeld|mooi werk|prettig (?:geholpen|gechat|vond)|vond (?:het|dit|dat) (?:\w+ )?prettig|fijn geholpen|ging (?:\w+ )?vlot(?:ter)?|ging (?:\w+ )?sneller(?: dan (?:\w+ ){0,4}(?:gewend|verwacht|gedacht))?|binnen (?:\w+ ){0,2}(?:minuten|minuut) klaar|perfect (?:geregeld|verlopen|verliep|geholpen)|(?:alles|het) (?:was|ging|verliep) (?:\w+ )?(?:perfect|prima|top|super|vlot|snel)|gaat steeds beter|antwoord binnen (?:een|1) (?:seconde|minuut)|(?:dat|dit|je|jouw) antwoord was (?:fire|top|goud|perfect|super)|well done|great job|i'?m impressed)\b/i;
/** Natural's lexicon finds "oude" or "vroeger" a little negative; praise with them is still praise. */
const PRAISE_MIN_SENTIMENT = -0.1;
const SARCASM = /\b(?:weer|alweer|wéér|nog steeds|nog altijd|wachten|gewacht|wacht|weken|maanden|niks|niets|nooit|geen|niet|jammer|helaas|ironisch|not|never|again|still|waiting)\b/i;
/**
 * Praise by surprise ("Petje af, had ik niet verwacht van dit loket", "antwoord binnen een seconde, dat ben ik niet
 * gewend"), or beside how it went last time ("Vorige keer hing ik een half uur in de wacht. Dit ging veel sneller"):
 * its "niet" and "wacht" are no sarcasm.
 */
const SURPRISED = /\b(?:(?:had ik|ik had) (?:\w+ ){0,3}(?:niet|nooit) verwacht|(?:vorige keer|de vorige keer|vroeger|last time)\b[^.!?]*|(?:ben|was) ik (?:\w+ ){0,4}niet gewend|(?:niks|niets) (?:van \w+ )?verwacht|nooit gedacht)\b/gi;

/** Laughing at the municipality, not with it: "'binnen 5 werkdagen' zeiden ze… 6 weken verder 🤡 echt een grap dit". */
const MOCKERY = /🤡|\b(?:echt|wat|is|zo|dit) een (?:grap|lachertje|aanfluiting)\b|\blachertje\b|\baanfluiting\b/iu;

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

function cheerful(u: Pick<Understanding, 'text' | 'sentiment'>): boolean {
  if (LAUGHTER.test(u.text)) return u.sentiment >= LAUGHTER_MIN_SENTIMENT && !MOCKERY.test(u.text);
  if (PRAISE.test(u.text) && !SARCASM.test(u.text.replace(SURPRISED, ' '))) return u.sentiment >= PRAISE_MIN_SENTIMENT;
  return THANKS.test(u.text) && wordCount(u.text) <= THANKS_MAX_WORDS && u.sentiment >= 0;
}

/**
 * "al is er geen haast bij", "no rush": the resident says it can wait, so a lean towards crisis is the classifier
 * hearing danger words ("schuur", "meegenomen") in a story that has none. Crisis keywords still count.
 */
const NO_HURRY = /\b(?:(?:is |heeft |er is |there'?s )?geen (?:haast|spoed)|niet (?:dringend|urgent|spoedeisend)|no (?:rush|hurry)|not urgent|(?:wanneer|als) (?:jullie|u) tijd (?:hebt|heeft|hebben)|when you have time)\b/i;
/**
 * "mijn fiets meegenomen uit de schuur, waar moet ik dat aangeven" (in Gronings "woar mout ik dat melden"): asking where
 * to report something is no danger now; the classifier leaned 0.74 to crisis on "vannacht" and "schuur". Across the
 * development sets no crisis asks this. Crisis keywords still count.
 */
const ASKS_WHERE_TO_REPORT = /\b(?:waar|woar|hoe) (?:moet|mout|mot|kan|doe|mag) ik (?:dat|dit|het|die|deze|aangifte)\b.{0,15}\b(?:aangeven|melden|aangifte)\b|\baangifte doen\b|\bwhere (?:can|do|should) i report\b/i;
/**
 * "Wil iemand die reling repareren voordat er een ongeluk gebeurt?": a risk to fix before anything happens, so a lean
 * towards crisis on danger words ("reling", "ongeluk") is no danger now; so is violence feared that has not happened
 * ("hij heeft me nog niet geslagen, maar ik ben bang dat het gaat gebeuren": a colleague, not 112), and so is what
 * could happen ("someone could break a leg", "er kan iemand vallen"). Crisis keywords still count.
 */
const RISK_AHEAD = /\b(?:(?:nog )?niet (?:geslagen|aangeraakt|iets aangedaan)\b[^.!?]{0,30}\bbang dat|(?:voordat|voor|before|zodat|so that|anders)\b.{0,25}\b(?:(?:er )?(?:een |an )?(?:ongeluk|ongelukken|accident)(?:je)? (?:gebeurt|gebeuren|komt|happens|krijgt)|(?:iemand|een kind|kinderen|er een kind|er iemand|someone|somebody|a child) (?:\p{L}+ ){0,3}(?:gewond raakt|valt|vallen|verdrinkt|struikelt|zich bezeert|gets hurt|gets injured|falls|trips))|\b(?:someone|somebody|a child|people|iemand|een kind|mensen) (?:could|might|will|can|kan|kunnen|zou|zouden) (?:\p{L}+ ){0,2}(?:break (?:a|their|his|her) (?:leg|arm|neck)|get hurt|be hurt|fall|trip|zijn (?:been|nek|arm) breken|gewond raken|vallen|struikelen))\b/iu;
/**
 * Anger in so many words ("Ik ben woedend! … aanmaning met extra kosten. Dit is echt belachelijk"): a complaint, which
 * an answer the bot has on the same subject (the tax) does not outweigh; only a product the resident asks for does.
 * Not grief or shame beside a question ("mijn vader is overleden … zijn paspoort", "ik schaam me dood … examen"): those
 * are answered, as before.
 */
const ANGER = /\b(?:woedend|woede|razend|kwaad|boos|boosheid|verontwaardig(?:d|de|ing)|belachelijke?|schandalige?|schande|bespottelijke?|absurde?|furious|outrageous)\b|🤬|😡/iu;
/** Dying of the heat, of laughter, of boredom: said in jest, never of stress or grief. */
const IN_JEST = /\b(?:ga|gaan|ging|ben|zijn|gaat|bijna) (?:\p{L}+ )?dood van (?:de |het )?(?:hitte|hite|warmte|kou|lachen|verveling|honger|dorst)\b/iu;
/**
 * Danger words as figures of speech: dying of laughter ("haha ik ga dood van het lachen" leaned 0.75 to crisis on
 * "dood"), "jij hebt me uit de brand geholpen", "iets om bij te springen", "naar haar laatste rustplaats gebracht"
 * (grief, not danger), "ik ga dood van de hitte" said of oneself, "ik schrok me dood", "ik verveel me kapot",
 * "iemand van vlees en bloed" (a person, not blood), "die kuilen zijn zelfmoord voor je scooter".
 * Keywords still count.
 */
const FIGURE_OF_SPEECH = /\b(?:(?:dood|kapot|krom|dubbel|slap|plat|rot) (?:van het|vh|v h) lachen|doodlachen|(?:schrok|schrik|schrokken|schrikken) (?:me|mij|ons|zich) (?:dood|rot|een hoedje|wezenloos)|(?:me|mij|ons) (?:dood|rot|een hoedje) (?:geschrokken|geschrokke|verschoten|verschrokken)|verveel (?:me|mij|ons) (?:dood|kapot|rot|suf|te pletter)|lach (?:me|mij) (?:dood|kapot|krom|rot|slap)|dying (?:of|with) laughter|uit de brand (?:ge)?(?:helpen|holpen|hielp|helpt|help)|(?:is|zijn) (?:echt |pure |gewoon |rete)?zelfmoord voor (?:je|jouw|de|mijn|m'n|mn|elke|iedere) |bij (?:te )?springen|bijspringen|bijgesprongen|laatste rustplaats|(?:iemand|mens|mensen|persoon|medewerker) van vlees en bloed|(?:hou|houd|houden) (?:het|'t) niet (?:meer )?droog|(?:ik|we|wij) (?:ga|gaan|sterf|sterven|verga|vergaan) (?:\p{L}+ ){0,2}(?:dood )?van (?:de |het )?(?:hitte|hite|warmte|kou|honger|dorst|verveling|stress|herrie|zenuwen)|(?:i'?m|we'?re) (?:\p{L}+ )?dying (?:of|from) (?:the )?(?:heat|boredom|hunger|thirst|cold)|(?:bin|smell|stench|noise|wait|waiting|queue|bot|chat|heat|traffic|this|it|that) (?:\p{L}+ ){0,3}(?:is|are|'s) killing me|dying to (?:know|hear|see)|(?:word|wordt|worden|werd) (?:er|d'r|hier) (?:\p{L}+ )?gek van|gek van (?:die|dat|de|het|al dat|al die) (?:herrie|lawaai|geluid|gepiep|piepen|geblaf|muziek|bouw|verbouwing|buren|hitte|regen)\b(?! van (?:jullie|de gemeente)))\b/iu;
/**
 * The resident says the danger is not there now or is over: "Nu is het rustig, hij is op zijn werk", "I'm not in
 * danger right now", "it isn't happening right now", "he is at work now and I am safe for the moment", "gelukkig
 * niemand gewond", "de container heeft vannacht in brand gestaan", "de brandweer heeft het geblust". Across the
 * development sets only messages for the social domain, a melding or a licence say this. So is a leak the fitter or the
 * grid operator "heeft gemaakt", "alles is weer veilig" (not "de brandweer heeft de straat afgesloten": a fire may
 * still burn). Crisis keywords count only when a "maar" follows (see overDespiteWords); "nog niemand gewond" is not
 * over.
 */
const DANGER_OVER = /\b(?:(?:maar |en )?nu is (?:het|alles) (?:weer )?rustig|(?:het|alles) is nu (?:weer )?rustig|(?:nu|vandaag) is (?:hij|ze|zij) (?:\w+ )?(?:op|naar) (?:zijn|haar|het) werk|niet (?:nu(?: op dit moment)?|op dit moment)(?=,| maar| vandaag|\.)|(?:ik ben|ben ik|we zijn|zijn we) (?:nu )?(?:niet in (?:direct |acuut )?gevaar|veilig)(?![^.!?]*\?)|(?:hij|zij|ze) (?:is|zijn) (?:nu )?(?:hier )?(?:bij (?:mij|ons) )?(?:en )?veilig(?![^.!?]*\?)|(?:er is |is er )?geen (?:direct|acuut|directe|acute) gevaar|(?:not|no longer) in (?:immediate )?danger|(?:i'?m|i am|we'?re|we are) (?:\w+ )?safe (?:now|for now|for the moment|at the moment|right now)|(?:he|she)(?:'s| is) (?:\w+ )?at (?:work|his work|her work)|(?:is|are)(?:n[’']?t| not) happening (?:right )?now|(?:it'?s|it is|this is|that'?s) not an emergency|(?:het|dit) is geen (?:noodgeval|spoedgeval|noodsituatie)|(?<!nog )niemand (?:is |was |raakte )?gewond|(?:nobody|no one) (?:was |is |got )?(?:hurt|injured)|(?:heeft|hebben|had|hadden) (?:\w+ ){0,3}in (?:de )?(?:brand|fik) gestaan|is (?:\w+ ){0,3}uitgebrand|(?:is|was|werd|heeft|hebben) (?:\w+ ){0,3}geblust|(?:monteur|netbeheerder|storingsdienst|loodgieter|gasbedrijf) (?:\w+ ){0,3}(?:heeft|hebben) (?:\w+ ){0,4}(?:gemaakt|gerepareerd|opgelost|verholpen|dichtgedraaid)|(?:het )?lek is (?:\w+ )?(?:gemaakt|gerepareerd|verholpen|gedicht)|alles is (?:nu )?(?:weer )?veilig)\b/i;

/**
 * A question about the emergency numbers themselves: "is 112 free to call from a mobile?", "Should I call 112 for that
 * or is there another number?" (a lost wallet), "wat gebeurt er als je 112 belt?" (a school project). Not "moet ik
 * 112 bellen? hij reageert niet": danger named with it is still read by the keyword rules first.
 */
const ABOUT_THE_NUMBER = /\bwat (?:er )?gebeurt (?:er )?als (?:je|u|men|iemand|jij) (?:\p{L}+ )?11[23] belt\b|\bwhat happens when (?:you|someone|somebody) calls? 11[23]\b|\b11[23]\b[^.!?]{0,40}\b(?:gratis|free|zonder (?:beltegoed|tegoed)|without credit)\b|\b11[23]\b (?:bellen )?(?:voor|for) (?:dat|that|zoiets|zo'n|such)\b|\b11[23]\b[^.!?]{0,40}\b(?:of (?:is er )?(?:een )?ander(?:e)? (?:nummer|telefoonnummer)|or (?:is there )?(?:another|a different) number)\b/iu;
/**
 * Someone already in care ("Mijn vader ligt op de IC na een hartaanval en ik ben zo bang", "he had a heart attack last
 * week and he's still in hospital"): fear or a reason to move an appointment, not 112. Only where the classifier or a
 * lexicon word alone would give 112/113; keyword rules still count.
 */
const IN_CARE = /\b(?:ligt|lag|is|zijn|wordt|werd) (?:\p{L}+ ){0,3}(?:in het ziekenhuis|op de ic|op de intensive care|opgenomen)\b|\b(?:is|are|'s|’s) (?:still )?in (?:the )?(?:hospital|icu|intensive care)\b/iu;
/** A stay told of before ("Hij zegt dat hij me vanavond afmaakt. De vorige keer lag ik in het ziekenhuis"): not now. */
const IN_CARE_BEFORE = /\b(?:vorige keer|de laatste keer|last time)\b[^.!?]{0,30}\b(?:ziekenhuis|ic|hospital)\b/iu;
const inCare = (text: string) => IN_CARE.test(text) && !IN_CARE_BEFORE.test(text);

/**
 * "Hoe voorkom ik brand met kerst?", "hoe herken je een beroerte?", a first-aid course, the fire risk in a dry summer,
 * "wij willen voorkomen dat daar brand of een ontploffing door ontstaat" (old fire extinguishers for the milieustraat):
 * "als er brand uitbreekt in mijn frituurpan, moet ik dan met water blussen?", "wat moet ik doen als er brand is in de
 * flat?", "in geval van brand", "als ik ooit gas ruik, wie moet ik bellen? gewoon uit interesse": preventing,
 * recognising or asking what to do if a danger comes, before anything happened. Working for the 113 line itself
 * ("voorlichter bij 113 Zelfmoordpreventie … folders neerleggen") is no danger either. No 112/113, whatever words it
 * names; "wat moet ik doen als …" still can be a danger now, said as a question. Between words: not-a-letter, never
 * \W, which also matches letters outside ASCII: with \p{L}+ beside it, 3,000 characters of Arabic took minutes to
 * reject.
 */
const PREVENTION = /^[^\p{L}\p{N}]*(?:\p{L}+[^\p{L}\p{N}]+){0,2}?(?:hoe (?:voorkom|voorkomen|herken|herkennen) (?:ik|je|we|wij|u|men)\b|hoe (?:kan|kun|kunnen) (?:ik|je|we|wij|u) (?:\p{L}+ ){1,4}voorkomen\b|how (?:do|can) (?:i|you|we) (?:prevent|recogni[sz]e)\b)|\b(?:voorkomen|to prevent) dat (?:\p{L}+ ){0,4}(?:brand|een brand|ontploffing|een ontploffing|explosie|een explosie)\b|\b(?:brand|ontploffing|explosie|ongelukken) (?:\p{L}+ ){0,2}te voorkomen\b|\b(?:als|wanneer|stel dat|if) (?:er )?(?:\p{L}+ ){0,3}(?:brand|vlam in de pan|fire) (?:uitbreekt|ontstaat|breaks out|starts)\b|\b(?:als|wanneer|stel dat|if) (?:er|there) (?:ooit |eens |ever )?(?:brand|fire) (?:is|komt|uitbreekt|happens)\b|\b(?:in geval van|in case of) (?:een |a )?(?:brand|fire)\b|\b(?:brandgevaar|stookverbod|stookalert|brandrisico|fire risk|fire ban|ehbo|eerste ?hulp ?cursus|reanimatiecursus|first aid course)\b|\b(?:voorlichter|voorlichting|vrijwilliger|folders?|flyers?|posters?|campagne|lezing|workshop|training)\b[^.!?]{0,60}\b113\b|\b113\b[^.!?]{0,60}\b(?:folders?|flyers?|posters?|campagne|voorlichting|lezing|workshop|training)\b|\b(?:als|wanneer|stel dat) (?:ik|je|jij|we|wij|u|er|het|het hier|dat) (?:ooit|ooit eens|later eens)\b|\bif (?:i|you|we) (?:ever|someday)\b|\b(?:gewoon |puur )?uit (?:interesse|nieuwsgierigheid)\b|\bjust (?:curious|wondering)\b|\bfor future reference\b/iu;

/**
 * "Ik schrijf een roman over een brand in een dorp", "ik las net over die grote brand in Rotterdam", "welk wapen is het
 * beste in Fortnite?", "een film over een jongen die zelfmoord pleegt": danger in a story, a game, a school paper, a film,
 * the news or what one read about is no danger now. No 112/113, whatever words it names. Only "las (net) over": "ik las
 * zijn afscheidsbrief over …" is a danger read now.
 */
const FICTION = /\b(?:(?:in|bij|voor) (?:\p{L}+ ){0,2}(?:fortnite|minecraft|roblox|gta|call of duty|de game|het spel|een game|een spel|een spelletje|the game|a game|videogames?)\b|(?:(?:ik )?(?:schrijf|lees|maak) (?:ik )?(?:een|mijn|aan (?:een|mijn))|(?:voor|in) (?:een|mijn|m'?n)|i'?m (?:writing|reading|making) (?:a|my)|for (?:a|my)) (?:\p{L}+ )?(?:roman|verhaal|boek|kinderboek|thriller|detective|toneelstuk|film|werkstuk|spreekbeurt|scriptie|profielwerkstuk|essay|novel|story|book|play|screenplay|school (?:paper|project))|(?:een|mijn|m'?n) (?:\p{L}+ )?(?:roman|verhaal|boek|toneelstuk|werkstuk|spreekbeurt|scriptie|essay) (?:te |moeten |aan het )?(?:schrijven|maken|lezen)|(?:een|de|die|a|the) (?:\p{L}+ )?(?:film|serie|documentaire|docu|movie|series|documentary) (?:(?:gezien|gekeken|bekeken|watched|seen) )?(?:over|about)|(?:in|op) het nieuws|het nieuws (?:gezien|gelezen|gehoord)|(?:on|in) the news|(?:las|lees|gelezen) (?:net |vandaag |gisteren |vanochtend |zojuist |online |in de krant )?over|i (?:just )?read about)\b/iu;

/**
 * A suicide attempt in the past ("Vorig jaar heb ik een zelfmoordpoging gedaan. Nu gaat het beter", "after my suicide
 * attempt two years ago"), asked about help now: no 112/113, unless the wish is back (RENEWED).
 */
const PAST_ATTEMPT = /\b(?:zelfmoordpoging|suicidepoging|poging tot zelfdoding|suicide attempt)\b[^.!?]{0,40}\b(?:geleden|vorig jaar|vorige maand|ago|last year)\b|\b(?:vorig jaar|vorige maand|last year|(?:\p{L}+ )?(?:jaar|jaren|maanden|years?|months?) (?:geleden|ago))\b[^.!?]{0,60}\b(?:zelfmoordpoging|suicidepoging|poging tot zelfdoding|suicide attempt)\b/iu;
const RENEWED = /\b(?:weer|opnieuw|again|nu|now|vanavond|tonight)\b[^.!?]{0,40}\b(?:zelfmoord|suicid\p{L}*|dood|niet meer leven|er een eind|een einde|pillen|kill myself|end it|die)\b|\b(?:denk|think|thinking|wil|want|ga|going)\b[^.!?]{0,30}\b(?:zelfmoord|suicid\p{L}*|dood|er een eind|een einde|kill myself|end it)\b/iu;

/**
 * Said to be over even against crisis keywords: no "maar" follows ("niemand gewond, maar hij heeft een mes" names a
 * danger now; against the classifier alone "Nu is hij op zijn werk, maar ik wil hulp" is over all the same).
 */
function overDespiteWords(text: string, over: RegExpExecArray | null): boolean {
  return over !== null && !/^[\s,;.!-]*(?:maar|but|alleen|however)\b/i.test(text.slice(over.index + over[0].length));
}

/**
 * A prize to claim through a link, bank details asked for, a dormant account abroad, a chain letter ("stuur dit door
 * naar 10 mensen, anders heb je 7 jaar ongeluk"), money from home, "contact me on Telegram": spam, whatever it names
 * ("een gratis traplift gewonnen" is no Wmo question, "contact me" no request for a person). Only danger still counts.
 */
const SPAM = /\b(?:(?:u heeft|je hebt|jij hebt|you have|you'?ve) (?:\p{L}+ ){0,4}(?:gewonnen|won)|klik (?:\p{L}+ ){0,2}(?:op )?(?:de|deze|onderstaande|die) link|click (?:on )?(?:the|this) link|(?:vul|voer) (?:\p{L}+ ){0,2}(?:uw|je) (?:bank ?gegevens|rekeningnummer|inloggegevens|pincode) in|slapende rekening|dormant (?:bank )?account|stuur (?:dit|deze) (?:\p{L}+ )?(?:bericht|berichtje|kettingbrief) door naar (?:\d+|tien|twintig)|forward this (?:\p{L}+ )?to (?:\d+|ten|twenty)|\d+ (?:jaar|years of) (?:ongeluk|pech|bad luck)|(?:verdien|verdienen|earn|make) (?:[\p{L}\d€$.,]+ ){0,5}(?:vanuit huis|from (?:your )?home|met crypto|with crypto)|(?:contact|message|add|dm|app|volg|follow) (?:me|mij) (?:on|op|via) (?:telegram|whatsapp|signal|insta\w*|snapchat))\b/iu;
/**
 * A smoke or CO detector that beeps for its battery ("piept steeds, ook als er geen rook is"), a smoke detector that
 * goes off while nothing burns ("gaat steeds af maar er is geen rook of brand"): no fire by itself, unless smoke or
 * flames are seen ("de rookmelder piept en er komt rook uit de meterkast").
 */
const FALSE_ALARM = /\b(?:rook|brand|co|koolmonoxide)[ -]?melders?\b[^.!?]{0,60}\b(?:piept|piepen|piepte|gepiep|batterij\w*)\b|\b(?:piept|piepen|piepte)\b[^.!?]{0,30}\b(?:rook|brand|co|koolmonoxide)[ -]?melders?\b|\bsmoke (?:alarm|detector)s?\b[^.!?]{0,40}\b(?:beep\w*|chirp\w*)\b|\b(?:rook|brand)[ -]?melders?\b[^.!?]{0,80}\bgeen (?:rook|brand|vuur)\b/iu;
const FIRE_SEEN = /\b(?:rook|vlammen|vuur) (?:uit|onder|in)\b|\bin (?:brand|de fik)\b|\bvlammen\b|\b(?:smoke|flames|fire)\b(?! (?:alarm|detector))/iu;
const falseAlarm = (text: string) => FALSE_ALARM.test(text) && !FIRE_SEEN.test(text);
/** "een brandlucht uit de lantaarnpaal. Rook of vlammen zie je niet": fire said to be absent. */
const NO_FIRE = /\b(?:geen|zonder) (?:rook|vuur|vlammen)\b|\b(?:rook|vuur|vlammen)(?: (?:of|en) (?:rook|vuur|vlammen))? (?:zie|zag|ziet|zien) (?:ik|je|we|u) (?:\p{L}+ )?(?:niet|nergens)\b|\bno (?:smoke|fire|flames)\b/iu;
const FIRE_WORD = /\b(?:rook|vlammen|vuur|brand|fik|lichterlaaie|smoke|fire|flames)\b/i;
/**
 * Fire said to be absent, and no other danger named: the words deny themselves. Also with no word of the lexicon:
 * "ruikt een beetje verbrand … Geen rook of vuur te zien" leaned 0.74 to crisis on "rook" and "huis".
 */
const noFireSeen = (text: string, named: string[]) => NO_FIRE.test(text) && named.every((w) => FIRE_WORD.test(w));
/** "gisteren rook ik gas": "rook" as the past of "ruiken" (smelled), not smoke. */
const SMELLED = /\brook (?:ik|hij|ze|zij|we|wij|je|jij|u|men)\b|\b(?:ik|hij|zij|we|wij|jij) rook (?:iets|gas|een|de|het)\b/i;
/**
 * Violence long ago, none now: "ex sloeg me vroeger, nu wil hij de kinderen zien" leaned 0.82 to crisis. The
 * social domain's (past domestic violence), not 112; a threat or blows now ("hij dreigt", "staat voor de deur") count.
 */
const PAST_VIOLENCE = /\b(?:sloeg|sloegen|geslagen|mishandelde|mishandeld|verkracht|misbruikt|schopte|hit me|beat me|raped|abused)\b/i;
const VIOLENCE_NOW = /\b(?:slaat|schopt|dreigt|bedreigt|mishandelt|staat (?:\p{L}+ )?voor (?:de|mijn|onze) deur|is (?:nu )?hier|komt eraan|hits|threatens)\b/iu;
/**
 * Narrower than TOLD_OF_THE_PAST: a child beaten "gisteravond" who dares not go home this afternoon is in danger now.
 */
const LONG_AGO = /\b(?:vroeger|jaren geleden|(?:\d+|een|twee|drie|vier|vijf|tien|paar|aantal) jaar geleden|vorig jaar|in het verleden|used to|years ago|a year ago|last year)\b/i;
const pastViolence = (text: string) => PAST_VIOLENCE.test(text) && LONG_AGO.test(text) && !VIOLENCE_NOW.test(text);
/** A fire brigade or evacuation drill: its smoke and sirens are announced, not a fire. */
const DRILL = /\b(?:brandweer|ontruimings|rampen)oefening(?:en)?\b|\b(?:fire|evacuation) drills?\b/i;
const FIRE_WORDS = /\b(?:rook|brand|vuur|vlammen|sirenes?|smoke|fire)\b/i;
/** "buurman schreeuwde net moord en brand maar t was gwn de voetbal 😂": the alarm turned out to be the television. */
const TURNED_OUT_HARMLESS = /\bmaar (?:het|t|'t) (?:was|bleek) (?:gewoon |gwn |maar |alleen )?(?:de|het|een|n|'n) (?:voetbal|tv|televisie|film|serie|game|spelletje|feest|feestje|wedstrijd)\b|\bbut it was (?:just )?(?:the|a) (?:football|tv|movie|film|game|party)\b/i;
/**
 * Danger told, not present, even in a crisis keyword's own words: violence long ago that the keywords name and nothing
 * else ("ik ben 2 jaar geleden verkracht … nu wil ik wel hulp", dev 198), a drill's announced smoke ("brandweeroefening
 * … met veel rook, moet ik mn ramen dicht doen?"), an alarm that turned out harmless. Other crisis words still count.
 */
function toldOnly(text: string, words: string[]): boolean {
  const only = (re: RegExp) => words.length > 0 && words.every((w) => re.test(w));
  return (pastViolence(text) && only(PAST_VIOLENCE)) || (DRILL.test(text) && only(FIRE_WORDS)) || harmlessAfter(text, words);
}

/** The alarm turned out harmless after every danger the keywords named: a danger named after it still counts. */
function harmlessAfter(text: string, words: string[]): boolean {
  const turned = TURNED_OUT_HARMLESS.exec(text);
  const lower = text.toLowerCase();
  return turned !== null && words.every((w) => {
    const at = lower.indexOf(w.toLowerCase());
    return at >= 0 && at < turned.index;
  });
}

/**
 * A move ("Na vanavond heb ik mijn parkeervergunning niet meer nodig, want morgen verhuis ik"): leaving, giving things
 * up and "na vanavond" are about the new address, not a farewell; the classifier leaned 0.68 to crisis. Crisis
 * keywords still count.
 */
const MOVING_HOUSE = /(?<!\b(?:niet|nie|not|never|nooit) )\b(?:verhuis|verhuizen|verhuist|verhuisd|verhuizing|emigreer|emigreren|emigreert|emigratie|(?:i'?m|we'?re) moving|moving (?:house|to|abroad))\b/i;

/**
 * An animal hurt on the road ("een zwaan midden op de Provincialeweg, aangereden. Hij ligt er nog steeds"): a melding,
 * or the animal ambulance, not 112. The crisis lexicon ("aangereden") and the classifier lean to crisis on such
 * words; a person hurt beside the animal ("de fietser is gevallen en ligt op straat") still counts.
 */
const ANIMAL_HURT = /\b(?:zwaan|zwanen|eend|eenden|gans|ganzen|reiger|meeuw|duif|vogel|ree|hert|vos|das|egel|haas|konijn|kat|poes|kater|hond|hondje|dier|dieren|swan|duck|goose|deer|fox|badger|hedgehog|rabbit|cat|dog|bird|animal)\b[^.!?]{0,80}\b(?:aangereden|overreden|aanrijding|gewond|bloedt|ligt|dood|doodgereden|doodgebeten|run over|hit by a car|injured)\b|\b(?:aangereden|overreden|gewond|dood|run over|injured)\b[^.!?]{0,20}\b(?:zwaan|eend|gans|reiger|ree|hert|vos|das|egel|haas|konijn|kat|poes|hond|dier|swan|duck|goose|deer|fox|cat|dog|animal)\b/iu;
const PERSON_HURT = /\b(?:man|vrouw|iemand|persoon|mensen|kind\w*|jongen|meisje|jongetje|fietser|voetganger|bestuurder|automobilist|baby|peuter|opa|oma|vader|moeder|zoon|dochter|broer|zus|buurman|buurvrouw|someone|person|people|child|kid|driver|cyclist|pedestrian|woman)\b[^.!?]{0,60}\b(?:gewond|bloedt|ligt|gevallen|beweegt niet|reageert niet|aangereden|geraakt|geschept|hurt|injured|bleeding|lying)\b|\b(?:ik ben (?:\p{L}+ )?(?:gewond|gevallen|geraakt)|ik lig|ik bloed)\b/iu;
const animalOnly = (text: string) => ANIMAL_HURT.test(text) && !PERSON_HURT.test(text);

/**
 * "Mijn man slaat me soms als hij gedronken heeft", "laat soms het gas aan staan": violence or a risk that comes now
 * and then, told without a word for now, is the social domain's (non-acute domestic violence, care), not 112. The
 * classifier alone leans to crisis on such stories; keywords that name a danger still count.
 */
const HABITUALLY = /\b(?:soms|vaak|weleens|wel eens|regelmatig|af en toe|altijd|elke keer|iedere keer|sometimes|often|always)\b/iu;
const NOW = /\b(?:nu|nou|net|zojuist|op dit moment|vanavond|vannacht|now|right now|just|tonight)\b/iu;
const REPEATED_RISK = /\b(?:slaat|slaan|sloeg|geslagen|schopt|duwt|mishandel\w*|agressief|hits|beats|hit|pushes|pushed)\b|\b(?:laat|laten|liet) (?:\p{L}+ ){0,3}gas aan\b/iu;
/** "Nu is hij er niet", "hij is nu niet thuis": the one who hurts is away now, which is no danger now. */
const AWAY_NOW = /\b(?:nu|nou|op dit moment)\s+(?:is\s+)?(?:hij|zij|ze)\s+(?:is\s+)?(?:er\s+)?niet\b|\b(?:hij|zij|ze)\s+is\s+(?:er\s+)?(?:nu|nou)\s+niet\b/giu;
const habitual = (text: string) => REPEATED_RISK.test(text) && HABITUALLY.test(text) && !NOW.test(text.replace(AWAY_NOW, ''));

/**
 * A death named ("mijn moeder is overleden", "our dog died"). Beside a question the bot answers it is a life event, not a
 * reason for a colleague: "Mijn moeder is overleden en we ruimen haar huis leeg. Hoe vraag ik grofvuil aan?"
 */
const BEREAVED = /\b(?:overleden|overlijden|gestorven|ingeslapen|passed away|died)\b/i;
/**
 * Words of a death or a funeral. As the only keywords of emotion they need the classifier's agreement more than anger
 * does (`with_grief_keyword`): "Onze cavia is vannacht gestorven. Mag die in de grijze container?" is a question.
 */
const GRIEF = /\b(?:overleden|overlijden|gestorven|ingeslapen|dood gegaan|verloren|uitvaart|begrafenis|crematie|rouw|rouwen|doodgeboren|passed away|died)\b/i;
/**
 * Grief that the letter or bill on top of it hurts: "mn hond is gisteren overleden en nu krijg ik ook nog een aanmaning
 * 😭", "heartbroken … it hurt so much to read", "ik weet niet hoe ik verder moet", "zo verdrietig". A colleague, not the
 * answer about the tax or the paperwork: the answer's words do not outweigh it, as with anger.
 */
const HURT_ON_TOP = /\b(?:(?:en )?nu (?:krijg|moet|komt) (?:ik|er|we) (?:\p{L}+ )?ook nog|heartbroken|(?:it )?hurt(?:s)? (?:so|too) much|ik ben (?:er )?(?:echt |helemaal |zo )?kapot(?: van)?|(?:weet|weten) (?:\p{L}+ )?niet (?:meer )?hoe (?:ik|we|wij) (?:\p{L}+ )?verder (?:moet|moeten|kan|kunnen)|(?:kan|kunnen) (?:het|dit) (?:\p{L}+ )?niet (?:meer )?aan|(?:zo|heel|erg) verdrietig|(?:mis|missen) (?:hem|haar|mijn \p{L}+) (?:zo|vreselijk|enorm|elke dag)|don'?t know how to go on|can'?t cope)\b|😭|💔/iu;
/** At most this many words, a question about a death is the practical question and not a story of grief. */
const GRIEF_QUESTION_MAX_WORDS = 14;
/** The death of one's own child: a colleague, whatever is asked beside it. */
const CHILD_DIED = /\b(?:baby|babytje|kindje|zoontje|dochtertje|zoon|dochter|kind)\b (?:\p{L}+ ){0,2}(?:is|was) (?:\p{L}+ ){0,3}(?:overleden|gestorven|doodgeboren)\b|\b(?:baby|son|daughter|child) (?:has )?(?:died|passed away)\b/iu;
const ANGRY_FACE = /😡|🤬|😠|👿|💢/gu;

/** Which signal decided a reason: for the benchmark, which measures what each signal adds. */
export type Signal = Evidence['signal'];

/** A threshold left out turns its rule off. */
export type Thresholds = ReasonThresholds;

/**
 * The lowest score at which the classifier alone, or tone, can give a reason evidence: alone (`min_score`, or
 * `when_first` for the first choice) and, for emotion, with upset wording or angry faces.
 */
function lowestBar(reason: PolicyReason, t: Thresholds): number {
  const bars = [t.min_score, t.when_first, ...(reason === 'emotional' ? [t.with_keyword, t.with_angry_faces] : [])];
  return Math.min(...bars.map((b) => b ?? Number.POSITIVE_INFINITY));
}

export interface PolicyOptions {
  /** Leave signals out, to measure what each adds. */
  disable?: Signal[];
  /** Thresholds to try instead of bot.yaml's, while tuning. */
  thresholds?: Partial<Record<PolicyReason, Partial<Thresholds>>>;
  combined?: number;
  sure?: number;
}

/**
 * The handover policy of one bot: from what the NLU made of a message to "hand over, and why, on what evidence".
 * A reason needs the classifier: sure enough on its own, or less sure with the reason's own words beside it. Crisis
 * keywords need the classifier to agree, so "lang zal ze leven" or "mijn telefoon is dood" never hear 112/113.
 */
export class HandoverPolicy {
  private readonly intentsByReason = new Map<PolicyReason, string[]>();
  /** bot.yaml's thresholds over the defaults (while tuning, the ones tried over both), and the lowest bar of each. */
  private readonly merged = new Map<PolicyReason, Thresholds>();
  private readonly bars = new Map<PolicyReason, number>();
  private readonly productIntents: Set<string>;
  /** Intents the bot handles itself: a flow or an answer. */
  private readonly answerable: Set<string>;
  /** Intents about the conversation itself (`small_talk`): they outweigh no handover keyword. */
  private readonly smallTalk: Set<string>;
  private readonly handoverIntents: Set<string>;
  /** Intents whose answer sends the resident to another body. */
  private readonly elsewhere: Set<string>;
  /** A lean this sure stands on its own. */
  readonly sure: number;
  /** All reasons together from this score hand over when none holds alone. */
  readonly combined: number;

  constructor(private readonly content: BotContent, private readonly opts: PolicyOptions = {}) {
    this.sure = opts.sure ?? content.bot.handover.sure_score ?? DEFAULT_SURE_SCORE;
    this.combined = opts.combined ?? content.bot.handover.combined_min_score ?? DEFAULT_COMBINED_MIN_SCORE;
    for (const intent of content.intents.values()) {
      if (intent.handover) this.intentsByReason.set(intent.handover, [...(this.intentsByReason.get(intent.handover) ?? []), intent.id]);
    }
    this.productIntents = new Set([...content.flows.values()].flatMap((f) => f.triggers));
    this.handoverIntents = new Set([...this.intentsByReason.values()].flat());
    this.elsewhere = new Set([...content.intents.values()].filter((i) => i.elsewhere).map((i) => i.id));
    this.answerable = new Set([...content.intents.values()].filter((i) => !i.handover && !i.out_of_scope && (i.answer || this.productIntents.has(i.id))).map((i) => i.id));
    this.smallTalk = new Set([...content.intents.values()].filter((i) => i.small_talk).map((i) => i.id));
    for (const reason of POLICY_REASONS) {
      const { enabled: _e, priority: _p, ...own } = this.settings(reason);
      const t: Thresholds = { ...DEFAULT_THRESHOLDS[reason], ...own, ...opts.thresholds?.[reason] };
      this.merged.set(reason, t);
      this.bars.set(reason, lowestBar(reason, t));
    }
  }

  decide(u: Understanding, where: Where): PolicyDecision {
    const inFlow = where !== 'open';
    const evidence: Evidence[] = [];
    const bereaved = !inFlow && this.bereavedAsking(u);
    // The editor wrote the answer to exactly this message ("hulp nodig", "ik heb een vraag", "melding"): only danger
    // calls a colleague over it.
    const answeredExactly = u.exactly !== undefined;
    const setAside: NonNullable<PolicyDecision['setAside']> = [];
    for (const reason of POLICY_REASONS) {
      if (!this.enabled(reason) || (where === 'flow' && !IN_FLOW.includes(reason)) || (bereaved && reason === 'emotional') || (answeredExactly && reason !== 'crisis')) continue;
      const found = this.evidenceFor(reason, u, inFlow, setAside);
      if (found) evidence.push(found);
    }
    const combined = evidence.length === 0 && !inFlow && !bereaved && !answeredExactly ? this.combinedEvidence(u, setAside) : undefined;
    if (combined) evidence.push(combined);
    const reasons = evidence.map((e) => e.reason);
    // Without crisis evidence no 112, but a conversation whose likeliest reason is crisis goes to the front.
    const possibleCrisis = combined !== undefined && this.likeliestReason(u, POLICY_REASONS) === 'crisis';
    const urgent = possibleCrisis || reasons.some((r) => (this.settings(r).priority ?? (r === 'crisis' ? 'urgent' : 'normal')) === 'urgent');
    const signals = Object.fromEntries(evidence.map((e) => [e.reason, e.signal]));
    const condolence = bereaved && reasons.length === 0 ? { condolence: true } : {};
    const aside = setAside.length ? { setAside } : {};
    return { handover: reasons.length > 0, reasons, priority: urgent ? 'urgent' : 'normal', signals, evidence, ...condolence, ...aside };
  }

  /**
   * A death named beside a question the bot answers or a flow it runs: answered, with a word of sympathy. Grief with
   * nothing to answer, with other strong words, or that the classifier is sure of ("mijn man is vorige maand overleden
   * en nu krijg ik brieven van jullie op zijn naam") still goes to a colleague.
   */
  private bereavedAsking(u: Understanding): boolean {
    if (!BEREAVED.test(u.text) || HURT_ON_TOP.test(u.text) || CHILD_DIED.test(u.text) || u.shouting) return false;
    const emotional = this.intentsByReason.get('emotional') ?? [];
    if (!u.keywordHits.filter((k) => emotional.includes(k.intent)).every((k) => BEREAVED.test(k.match))) return false;
    const grief = this.score('emotional', u);
    // "Moeder vorige week overleden. Wat moet ik regelen?": a short question about the death itself, which the bot
    // answers however sure the classifier is of grief (its words are grief's words); the answer offers a colleague.
    // A longer story around the same words ("ik moest haar paspoort inleveren … in tranen") is grief to hear out.
    const short = wordCount(u.text) <= GRIEF_QUESTION_MAX_WORDS;
    if (short && u.keywordHits.some((k) => this.answerable.has(k.intent) && BEREAVED.test(k.match))) return true;
    if (grief >= this.sure) return false;
    // Asked in words of the bot's own answer, or in words the classifier reads as such rather than as grief.
    return u.keywords.some((k) => this.answerable.has(k)) || (u.intent !== null && this.answerable.has(u.intent) && u.score > grief);
  }

  /**
   * All reasons together, when none holds alone: handed over under the likeliest reason other than crisis (112/113
   * needs crisis evidence of its own), unless it is an ordinary request.
   */
  private combinedEvidence(u: Understanding, setAside: NonNullable<PolicyDecision['setAside']> = []): Evidence | undefined {
    // "ik ga dood van de hitte, wordt het morgen nog warmer?": danger said in jest adds nothing, nor does a detector
    // that beeps for its battery, a question what to do if a fire comes, a fire in a novel or a move. Other figures of
    // speech still count here: "iets om bij te springen" after a divorce, "naar haar laatste rustplaats gebracht" need a
    // person.
    const noDanger = IN_JEST.test(u.text) || falseAlarm(u.text) || PREVENTION.test(u.text) || FICTION.test(u.text) || MOVING_HOUSE.test(u.text);
    const reasons = POLICY_REASONS.filter((r) => this.enabled(r) && !(r === 'crisis' && noDanger));
    const score = Math.round(reasons.reduce((sum, r) => sum + this.score(r, u), 0) * 1000) / 1000;
    const reason = this.likeliestReason(u, reasons.filter((r) => r !== 'crisis'));
    const words = [...new Set([...this.handoverIntents].flatMap((i) => u.cues[i] ?? []))].slice(0, 3);
    if (!this.on('classifier') || !reason || score < this.combined || words.length === 0 || this.ordinaryRequest(u, score) || cheerful(u) || SPAM.test(u.text)) return undefined;
    if (reason === 'person' ? this.answeredInstead(u) : this.namesOtherMatter(reason, u)) return undefined;
    if (this.screenClears(reason, u)) return void setAside.push({ reason, signal: 'combined', score, none: u.crisisScreen!.none });
    return { reason, signal: 'combined', score, threshold: this.combined, words };
  }

  /**
   * The resident's own words name what another body does ("oudjesgeld", "het potje voor de huur", "de lening voor
   * zijn studie") or a product of the bot's own ("volgens mijn pasje mag ik over een maand niet meer achter het
   * stuur"): a lean towards a colleague that is not sure does not outweigh them. A product's words outweigh only a
   * lean to a subject (the social domain, politics), not to danger or anger: "mijn melding over die boom is al 5x
   * afgehandeld 😤" is a complaint. An FAQ's words do not count: "voor de derde keer mijn grofvuil laten staan" is a
   * complaint about the municipality itself.
   */
  private namesOtherMatter(reason: PolicyReason, u: Understanding): boolean {
    return u.keywords.some((k) => this.elsewhere.has(k) || (SUBJECTS.includes(reason) && this.productIntents.has(k)));
  }

  /**
   * "Bent u een echt persoon?" asks about the bot and "mag ik uw telefoonnummer?" for an answer: the words of
   * something the bot answers outweigh a lean towards a person that is not sure.
   */
  private answeredInstead(u: Understanding): boolean {
    return this.score('person', u) < this.sure && u.keywords.some((k) => this.answerable.has(k));
  }

  /** No single intent outside the handover reasons is likelier than this reason. */
  private leads(u: Understanding, reasonScore: number): boolean {
    const rival = u.ranking.find((r) => !this.handoverIntents.has(r.intent));
    return !rival || rival.score <= reasonScore;
  }

  private likeliestReason(u: Understanding, among: readonly PolicyReason[]): PolicyReason | undefined {
    return [...among].sort((a, b) => this.score(b, u) - this.score(a, u))[0];
  }

  /** The probability the classifier gives a reason: the sum over its intents. */
  score(reason: PolicyReason, u: Understanding): number {
    const intents = this.intentsByReason.get(reason) ?? [];
    return u.ranking.filter((r) => intents.includes(r.intent)).reduce((sum, r) => sum + r.score, 0);
  }

  /** bot.yaml's thresholds over the defaults; while tuning, the ones tried over both. */
  thresholds(reason: PolicyReason): Readonly<Thresholds> {
    return this.merged.get(reason)!;
  }

  private settings(reason: PolicyReason): ReasonSettings {
    return this.content.bot.handover.reasons?.[reason] ?? {};
  }

  private enabled(reason: PolicyReason): boolean {
    return this.settings(reason).enabled !== false;
  }

  private on(signal: Signal): boolean {
    return !this.opts.disable?.includes(signal);
  }

  /** The evidence for one reason, if it passes its thresholds. */
  evidenceFor(reason: PolicyReason, u: Understanding, inFlow: boolean, setAside: NonNullable<PolicyDecision['setAside']> = []): Evidence | undefined {
    const intents = this.intentsByReason.get(reason) ?? [];
    // Three decimals: enough to compare with a threshold, readable in the console and in `loket classify`.
    const score = Math.round(this.score(reason, u) * 1000) / 1000;
    const t = this.thresholds(reason);
    const words = u.keywordHits.filter((k) => intents.includes(k.intent)).map((k) => k.match);
    const named = u.lexiconHits.filter((h) => intents.includes(h.intent) && !(h.match === 'rook' && SMELLED.test(u.text))).map((h) => h.match);
    // Without a word of the reason and below every bar the classifier could pass, nothing below can hold: most
    // messages, spared the checks that follow (a tenth of a turn's CPU went to them).
    const screen = reason === 'crisis' ? this.screenSays(u, inFlow, score, t) : undefined;
    if (words.length === 0 && named.length === 0 && !screen && score < this.bars.get(reason)!) return undefined;
    const product = this.ordinaryRequest(u, score);
    // "in brand gevlogen … de brandweer was er snel bij en niemand is gewond": over, whatever words named the danger.
    const over = reason === 'crisis' ? DANGER_OVER.exec(u.text) : null;
    if (reason !== 'crisis' && SPAM.test(u.text)) return undefined;
    if (reason === 'crisis' && (toldOnly(u.text, [...words, ...named]) || PREVENTION.test(u.text) || FICTION.test(u.text) || overDespiteWords(u.text, over) || (PAST_ATTEMPT.test(u.text) && !RENEWED.test(u.text)) || (JOKING_THREAT.test(u.text) && LAUGHTER.test(u.text)) || ABOUT_THE_NUMBER.test(u.text))) return undefined;
    // An ordinary request (lantaarnpaal, rijbewijs) is no reason to hand over, unless danger itself is named.
    const keywordMin = reason === 'emotional' && t.with_grief_keyword !== undefined && words.every((w) => GRIEF.test(w)) ? t.with_grief_keyword : t.with_keyword;
    // Anger the classifier hardly hears counts only where the message is about us: "ik ben woedend op mijn
    // zorgverzekeraar" (recognised as not for us) or a body named by its keywords is someone else's matter.
    const notOurs = u.intent !== null && Boolean(this.content.intents.get(u.intent)?.out_of_scope);
    const faint = reason === 'emotional' && t.with_grief_keyword !== undefined && score < t.with_grief_keyword && (notOurs || this.namesOtherMatter(reason, u));
    if (this.on('keyword') && words.length && score >= keywordMin && !faint && (reason === 'crisis' || !this.outweighsWords(reason, u, score))) {
      return { reason, signal: 'keyword', score, threshold: keywordMin, words };
    }
    const distress = reason === 'crisis' ? Math.round((score + this.score('emotional', u)) * 1000) / 1000 : 0;
    if (this.on('keyword') && words.length && t.with_despair !== undefined && distress >= t.with_despair) {
      return { reason, signal: 'keyword', score: distress, threshold: t.with_despair, words };
    }
    // "Buurvrouw ligt onderaan de keldertrap. Zegt niks terug als ik roep.": new authors' words spread the probability
    // over crisis and its neighbours, crisis still first; a word of its lexicon ("zegt niks") names the danger. Not in
    // a flow, where "mijn zoontje heeft zich aan de glijbaan gesneden" describes what a melding is about.
    if (reason === 'crisis' && (NO_HURRY.test(u.text) || ASKS_WHERE_TO_REPORT.test(u.text) || RISK_AHEAD.test(u.text) || FIGURE_OF_SPEECH.test(u.text) || falseAlarm(u.text) || noFireSeen(u.text, named) || animalOnly(u.text) || inCare(u.text) || habitual(u.text) || pastViolence(u.text) || MOVING_HOUSE.test(u.text) || over !== null)) return undefined;
    if (this.on('keyword') && !inFlow && named.length && t.with_lexicon !== undefined && this.first(reason, u) && score >= t.with_lexicon && (reason === 'crisis' || !product)) {
      return { reason, signal: 'keyword', score, threshold: t.with_lexicon, words: named };
    }
    // Two different danger phrases of the lexicon name the danger twice ("ziet alles dubbel … hand gevoelloos", "locked me
    // in … smell petrol"), even where the message began as an ordinary request; not when the message tells of the past.
    // In a flow only with the classifier sure: "rook uit het buurthuis, ik zie vlammen" to "Wat is er aan de hand?".
    if (reason === 'crisis' && this.on('keyword') && (!inFlow || score >= this.sure) && new Set(named).size >= 2 && t.with_two_phrases !== undefined && score >= t.with_two_phrases && !TOLD_OF_THE_PAST.test(u.text) && !this.otherReasonNamed(u)) {
      return { reason, signal: 'keyword', score, threshold: t.with_two_phrases, words: named };
    }
    const panicMin = named.some((w) => w.includes(' ')) ? t.panic_phrase : this.first(reason, u) ? t.panic_word : undefined;
    if (reason === 'crisis' && this.on('keyword') && !inFlow && named.length && panicMin !== undefined && score >= panicMin && this.panicked(u, t)) {
      return { reason, signal: 'keyword', score, threshold: panicMin, words: named };
    }
    const alone = this.classifierMin(reason, u, t);
    const min = inFlow ? Math.max(alone, this.content.bot.handover.in_flow_min_score ?? DEFAULT_IN_FLOW_MIN_SCORE) : alone;
    // On its own the classifier must also rank the reason above any single other intent ("mijn pensioen bij het ABP"
    // is chatter at 0.50 before a person at 0.30); crisis is exempt: a likely danger is never outvoted.
    const cues = intents.flatMap((i) => u.cues[i] ?? []).slice(0, 3);
    // Without one content word behind it ("nou eh dinges") a weak lean is no reason to call a colleague, and no reason
    // for 112/113 either: "I want", the first piece of a message sent in pieces, leans 0.61 to crisis on no word at all.
    // 112/113 needs more than one word behind a lean, however sure: "hij flikkerd de hele nacht aan en uit" leaned 0.64
    // to crisis on "nacht" alone, a name spelled out ("Kowalska, met een a op het eind") 0.86 on "eind".
    const backed = reason === 'crisis' ? cues.length >= 2 : cues.length >= 1 || score >= this.sure;
    const answered = reason === 'person' && this.answeredInstead(u);
    // Laughter covers up anger, not a subject: "who should I even vote for lol" is still politics.
    const light = CHEERFUL_EXEMPT.includes(reason) && cheerful(u) && (reason === 'emotional' || score < this.sure);
    // "dat potje van de overheid voor de huur is niet binnengekomen": the resident names what another body does.
    const elsewhere = reason !== 'person' && score < this.sure && this.namesOtherMatter(reason, u);
    // In a flow a message describes what the melding is about: "stinkt heel erg en het water loopt niet weg" leans
    // 0.93 to crisis on words a gas leak or a flood shares. There 112/113 needs danger named in words.
    // Outside a flow likewise, when a product is named in its own words and the lean is unsure: "de tunnel bij het
    // station vol getagd vannacht" leaned 0.60 to crisis on "vannacht" and "station".
    const describing = reason === 'crisis' && (inFlow || (score < this.sure && u.keywords.some((k) => this.productIntents.has(k))));
    // A pattern for the whole message is the editor's own answer to exactly it: "ok, ik zeg het tegen mn vader" leaned
    // 0.69 to crisis.
    const editorsAnswer = Boolean(u.exactly && !this.handoverIntents.has(u.exactly));
    // "Ik schrok me dood van dat onweer vannacht" leaned 0.41 to emotion on "dood": a figure of speech, not a feeling
    // a colleague is needed for (words of anger or grief still count as keywords, above).
    const figure = reason === 'emotional' && FIGURE_OF_SPEECH.test(u.text);
    if (this.on('classifier') && !describing && !editorsAnswer && !figure && score >= min && !product && !answered && !light && !elsewhere && backed && (reason === 'crisis' || this.leads(u, score))) {
      if (!this.screenClears(reason, u)) return { reason, signal: 'classifier', score, threshold: min, words: cues };
      setAside.push({ reason, signal: 'classifier', score, none: u.crisisScreen!.none });
    }
    // Last, the crisis screen, which learnt danger from thousands of residents' messages: on sets by new authors it found
    // a quarter to four in ten of the crises all the rules above missed (docs/nlu.md, "The crisis screen").
    if (screen && this.on('screen')) return { reason, signal: 'screen', score: screen.score, threshold: t.with_screen!, words: screen.words };
    // Tone only tips the balance where the classifier has nothing better: "HOE LAAT ZIJN JULLIE OPEN???" is a question.
    const undecided = !u.intent || this.handoverIntents.has(u.intent);
    // Two angry faces at a question the bot only answers ("wéér een parkeerbon terwijl ik een vergunning heb 😡😡"): a
    // complaint, not a question; a flow the resident asks for still starts.
    // Not in a flow, where "Kerkstraat 5 😡😡" answers the question, and not without the classifier hearing some anger.
    const faces = u.text.match(ANGRY_FACE) ?? [];
    const facesMin = t.with_angry_faces;
    const fuming = !inFlow && !elsewhere && facesMin !== undefined && score >= facesMin && faces.length >= 2 && !(u.intent && this.productIntents.has(u.intent));
    if (reason === 'emotional' && this.on('sentiment') && !product && undecided && score >= t.with_keyword && this.upset(u)) {
      return { reason, signal: 'sentiment', score, threshold: t.with_keyword, words: u.shouting ? ['(hoofdletters of !!!)'] : [`sentiment ${u.sentiment.toFixed(2)}`] };
    }
    if (reason === 'emotional' && this.on('sentiment') && fuming) return { reason, signal: 'sentiment', score, threshold: facesMin, words: [faces.join('')] };
    return undefined;
  }

  /**
   * The crisis screen at its bar, where the intent classifier agrees as much as it must beside a crisis keyword
   * (`with_keyword`) and is not sure of something the bot handles: on leave-sets-out cross-validation over the
   * development sets, "gekladder op de brug" (0.94) and a question about a recipe for tonight (0.85) passed the bar
   * alone. Not in a flow, where a dead gull describes a melding.
   */
  private screenSays(u: Understanding, inFlow: boolean, score: number, t: Thresholds): Understanding['crisisScreen'] {
    const screen = u.crisisScreen;
    if (inFlow || !screen || t.with_screen === undefined || screen.score < t.with_screen || score < t.with_keyword) return undefined;
    // Sure of an intent the bot handles: the classifier's first choice, or the one its keywords picked ("Wie betaalt de
    // schade aan ons huis?" is another body's matter by its keywords, whatever the classifier leans to).
    const handled = (intent: string | null | undefined) => intent != null && !this.handoverIntents.has(intent);
    const ordinary = u.score >= this.sure && (handled(u.ranking[0]?.intent) || handled(u.intent));
    return ordinary ? undefined : screen;
  }

  /**
   * The crisis screen is sure no colleague is needed (`screen_clears`), so a lean of the classifier alone is not
   * enough. On leave-sets-out cross-validation at 0.8 (politics 0.9) this took 88 of the 250 false handovers on the
   * development sets and 10 of 21,097 right ones ("Mijn eigen dakgoot lekt, regelen jullie daar iemand voor?" went to
   * a colleague for emotion; docs/nlu.md). Never for crisis: 112/113 is not left out on a second opinion.
   */
  private screenClears(reason: PolicyReason, u: Understanding): boolean {
    const bar = this.thresholds(reason).screen_clears;
    return reason !== 'crisis' && this.on('screen') && bar !== undefined && u.crisisScreen !== undefined && u.crisisScreen.none >= bar;
  }

  /**
   * What the classifier alone must reach. A reason that is the classifier's first choice may need less (crisis, by
   * default): on new authors' words ("klein jongetje alleen op het balkon, hangt over de rand") the probability
   * spreads over crisis and its neighbours while crisis still leads.
   */
  private classifierMin(reason: PolicyReason, u: Understanding, t: Thresholds): number {
    // Not where words of emotion name the matter: "zit hier te janken op het bankje, ze stuurden me weg" leaned 0.63 to
    // crisis. (Words of the social domain may go with danger: a mother with dementia missing in the cold.)
    const emotional = this.intentsByReason.get('emotional') ?? [];
    const namedOtherwise = reason === 'crisis' && u.keywords.some((k) => emotional.includes(k));
    return this.first(reason, u) && t.when_first !== undefined && !namedOtherwise ? Math.min(t.min_score, t.when_first) : t.min_score;
  }

  /** The keywords of another handover reason match: the danger words may be its subject ("Wmo na een beroerte"). */
  private otherReasonNamed(u: Understanding): boolean {
    const crisis = this.intentsByReason.get('crisis') ?? [];
    return u.keywords.some((k) => this.handoverIntents.has(k) && !crisis.includes(k));
  }

  /** A message of a few words that names nothing else the bot knows by its keywords. */
  private panicked(u: Understanding, t: Thresholds): boolean {
    return wordCount(u.text) <= (t.panic_max_words ?? 0) && u.keywords.every((k) => this.intentsByReason.get('crisis')?.includes(k));
  }

  /** The reason's intent is the classifier's first choice of all intents. */
  private first(reason: PolicyReason, u: Understanding): boolean {
    return Boolean(u.ranking[0] && this.intentsByReason.get(reason)?.includes(u.ranking[0].intent));
  }

  /**
   * An ordinary request: the keywords of something the bot does itself (lantaarnpaal, rijbewijs, UWV), or a product
   * as the classifier's first choice, and that at least as likely as the reason. "De container is voor de vierde
   * keer niet geleegd, ik ben het spuugzat" still goes to a person: there the classifier finds anger likelier.
   */
  private ordinaryRequest(u: Understanding, reasonScore: number): boolean {
    const rivals = new Set(u.keywords.filter((k) => this.answerable.has(k)));
    const top = u.ranking[0];
    if (top && this.productIntents.has(top.intent)) rivals.add(top.intent);
    if (rivals.size === 0) return false;
    const products = [...rivals].some((r) => this.productIntents.has(r));
    const likelihood = u.ranking.filter((r) => rivals.has(r.intent) || (products && this.productIntents.has(r.intent))).reduce((sum, r) => sum + r.score, 0);
    return likelihood >= reasonScore;
  }

  /**
   * Whether an ordinary request outweighs a reason's own words: the words of something the bot does, or a product the
   * classifier is sure of. A product it only leans to does not ("we willen zaterdag demonstreren op de markt, moet dat
   * ergens aangemeld?": an appointment at 0.48). An answer it is sure of outweighs the words of the social domain or
   * grief ("ik ben mantelzorger voor mijn moeder … wanneer wordt het oud papier opgehaald?"), not anger said in so many
   * words (ANGER) and not a request for a
   * person beside a question ("Wat zijn jullie openingstijden? En kan iemand mij terugbellen?", "are you a bot? can I
   * talk to a real person"): asked for in words, a person is only outweighed by a product the classifier is sure of.
   * Small talk outweighs nothing: "Bedankt voor niks, echt" is thanks in form only. Another body's answer does not
   * outweigh the social domain's own words: "Mijn WW van het UWV stopt, hoe vraag ik bijstand aan?" needs us.
   */
  private outweighsWords(reason: PolicyReason, u: Understanding, reasonScore: number): boolean {
    const otherBody = (intent: string) => reason === 'complex' && this.elsewhere.has(intent);
    if (reason === 'emotional' && (ANGER.test(u.text) || (BEREAVED.test(u.text) && HURT_ON_TOP.test(u.text))) && !this.namesProduct(u)) return false;
    if (reason !== 'person' && u.keywords.some((k) => this.answerable.has(k) && !otherBody(k))) return this.ordinaryRequest(u, reasonScore);
    const top = u.ranking[0];
    const rivals = reason === 'person' ? this.productIntents : this.answerable;
    return Boolean(top && rivals.has(top.intent) && !this.smallTalk.has(top.intent) && !otherBody(top.intent) && top.score >= this.sure);
  }

  /** A flow's own words, or a flow as the classifier's first choice. */
  private namesProduct(u: Understanding): boolean {
    return u.keywords.some((k) => this.productIntents.has(k)) || Boolean(u.ranking[0] && this.productIntents.has(u.ranking[0].intent));
  }

  /** Very negative or shouted wording. */
  private upset(u: Understanding): boolean {
    return u.shouting || u.sentiment <= (this.content.bot.handover.sentiment_threshold ?? DEFAULT_SENTIMENT_THRESHOLD);
  }
}
