/**
 * Words that carry a sentence rather than its meaning. Two lists: the stopwords left out when asking whether a
 * message's words are known at all, and, wider, the function words (pronouns, light verbs, intensifiers, Flemish
 * forms) that are never a reason shown for a handover and weigh less as single-word features of the classifier.
 */
export const STOPWORDS = new Set(('de het een en van ik je u mijn mn m n te dat die in is op aan met voor er niet zijn om ook als dan maar bij nog wel al '
  + 'wat hoe kan kun wil moet heb ben was wordt worden of door naar over uit tot dit deze zo hier daar nu even ff aub graag pls '
  + 'the a an i my to of is it you and in for on with what how can do').split(' '));

export const FUNCTION_WORDS = new Set([...STOPWORDS, ...('ze zij hij hem haar we wij ons onze jullie jij jou jouw me mij mezelf zich hun hen '
  + 'iemand iets heeft hebben had hadden zit zitten zat staat staan stond ligt liggen lag weet weten gaat gaan ging komt komen kwam doet '
  + 'doen deed krijg krijgt krijgen mag mogen kunnen kunt zou zouden werd geweest gewoon echt alles niks niets meer heel hele erg weer '
  + 'nou toch eens keer net sinds waarom want omdat zodat alleen steeds gij ge mijne uw da nie '
  // The same in English: "There's …", "I'm …" open a pothole report as often as a call for help.
  + 'there theres im ive youre hes shes its theyre we he she they me him his her our their your this that these '
  + 'those someone somebody something anyone anybody anything be been am are was were has have had get got will would could '
  + 'should just really very so all some any here now again still also only at by from about into up out off as or but if '
  + 'because when where who which dont doesnt didnt cant wont isnt arent').split(' ')]);

/** The day a message speaks of: part of its story, seldom a sign of what it is about ("hoe is t met je vandaag"). */
export const TIME_WORDS = new Set('vandaag gisteren morgen overmorgen eergisteren vanmorgen vanochtend vanmiddag vanavond vannacht today yesterday tomorrow tonight'.split(' '));
