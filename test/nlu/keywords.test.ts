import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinActionNames } from '../../src/actions';
import { loadBot, type BotContent } from '../../src/content';
import { keywordRules, lexiconRules, matchKeywords } from '../../src/nlu';
import { PACKAGE_ROOT } from '../../src/paths';
import { normalize } from '../../src/text';

const content = loadBot(PACKAGE_ROOT, 'voorbeeldgemeente', builtinActionNames());
const data = join(PACKAGE_ROOT, 'test', 'data');
// The frozen sets stay unread: a difference would print their messages.
const messages = readdirSync(data).filter((f) => f.endsWith('.jsonl') && !f.startsWith('frozen')).flatMap((f) =>
  readFileSync(join(data, f), 'utf8').split('\n').filter(Boolean).map((line) => normalize((JSON.parse(line) as { text: string }).text)));

describe('keyword rules', () => {
  it('match on every message of the test sets exactly as case-insensitive patterns do', () => {
    const rules = keywordRules(content);
    const caseInsensitive = rules.map((r) => ({ ...r, re: new RegExp(r.re.source, 'iu') }));
    expect(messages.length).toBeGreaterThan(1000);
    const differ = messages.filter((m) => JSON.stringify(matchKeywords(rules, m)) !== JSON.stringify(matchKeywords(caseInsensitive, m)));
    expect(differ).toEqual([]);
    expect(messages.filter((m) => matchKeywords(rules, m).length > 0).length).toBeGreaterThan(100);
  });

  it('still match the lower-cased message when a keyword is written with capitals', () => {
    const intents = new Map([['btw', { id: 'btw', keywords: ['\\bBTW[- ]?nummer', '\\p{L}+straat \\d+'] }]]);
    const rules = keywordRules({ intents } as unknown as BotContent);
    expect(matchKeywords(rules, normalize('Wat is mijn BTW-nummer?'))).toEqual([{ intent: 'btw', match: 'btw-nummer' }]);
    expect(matchKeywords(rules, normalize('Kerkstraat 12'))).toEqual([{ intent: 'btw', match: 'kerkstraat 12' }]);
  });

  it('keep an exception written first, also before an alternative, and show the words the keyword matched', () => {
    const intents = new Map([['x', { id: 'x', keywords: ['^(?!.*\\b(kost|prijs)\\b).*\\brijbewijs verlopen', '^(?!.*\\bgeen\\b).*\\bbrand\\b|\\bvlammen\\b'] }]]);
    const rules = keywordRules({ intents } as unknown as BotContent);
    expect(matchKeywords(rules, normalize('Help, mijn rijbewijs verlopen!'))).toEqual([{ intent: 'x', match: 'rijbewijs verlopen' }]);
    expect(matchKeywords(rules, normalize('wat kost een rijbewijs verlopen'))).toEqual([]);
    expect(matchKeywords(rules, normalize('geen brand'))).toEqual([]);
    // The exception belongs to the first alternative only.
    expect(matchKeywords(rules, normalize('geen brand maar vlammen'))).toEqual([{ intent: 'x', match: 'vlammen' }]);
  });

  it('keep an exception with an exception of its own, read from the start of the message', () => {
    // A hospital excludes the keyword, unless a passport is named: that is the municipality's appointment.
    const intents = new Map([['x', { id: 'x', keywords: ['^(?!(?!.*\\bpaspoort\\b).*\\bziekenhuis\\b).*\\bafspraak afzeggen\\b'] }]]);
    const rules = keywordRules({ intents } as unknown as BotContent);
    expect(rules[0].unless?.source).toBe('^(?!.*\\bpaspoort\\b).*\\bziekenhuis\\b');
    expect(matchKeywords(rules, normalize('ik wil mijn afspraak afzeggen'))).toEqual([{ intent: 'x', match: 'afspraak afzeggen' }]);
    expect(matchKeywords(rules, normalize('ik moet de afspraak afzeggen, ik lig in het ziekenhuis'))).toEqual([]);
    expect(matchKeywords(rules, normalize('afspraak afzeggen voor mijn paspoort, ik lig in het ziekenhuis'))).toHaveLength(1);
  });

  it('match with words that only stress left out, unless the pattern names an exception', () => {
    const intents = new Map([['x', { id: 'x', keywords: ['\\bliggen klaar\\b', '^(?!.*\\bwel eens\\b).*\\bslaat me\\b'] }]]);
    const rules = keywordRules({ intents } as unknown as BotContent);
    expect(matchKeywords(rules, normalize('De pillen liggen al echt klaar.'))).toEqual([{ intent: 'x', match: 'liggen klaar' }]);
    expect(matchKeywords(rules, normalize('hij slaat me wel eens'))).toEqual([]);
    expect(matchKeywords(rules, normalize('hij slaat me echt'))).toHaveLength(1);
  });
});

/** The intents whose keywords a message matches. */
const intentsOf = (text: string) => matchKeywords(keywordRules(content), normalize(text)).map((k) => k.intent);

describe('crisis keywords', () => {
  const crisis = (text: string) => intentsOf(text).includes('handover_crisis');

  it.each([
    'mijn dochter heeft zich in haar polsen gesneden',
    'het bloeden stopt maar niet, wat moet ik doen',
    'ik kan mijn zoontje nergens meer vinden in het winkelcentrum',
    'een peuter loopt in zn eentje op de rondweg',
    "I can't find my daughter on the beach",
    'er is net een man in de vaart gevallen',
    'als ik er niet meer ben is iedereen beter af',
    'ons nichtje van zes is weg, we zoeken al een uur',
    'ze schieten op het plein, iedereen rent weg',
    'de buurvrouw heb ik al een week niet gezien en haar brievenbus puilt uit met post',
    'er zit een man vast in zijn auto in de sloot',
    'ik wil nietmeer leven',
    'mijn polsen zitten vol verse sneden',
    'er scheurt een scooter over het schoolplein en de kinderen spelen buiten',
    'zijn lippen zijn nu echt blauw',
    'mijn moeder is dementerend en sinds vanmiddag spoorloos',
    'er slaan vlammen uit het dak van de schuur',
    'mijn vader is gevallen en reageert niet meer',
    'als ik geen geld krijg ga ik die man wat aandoen',
    'ik wil gewoon dat het allemaal ophoudt',
    'vannacht slapen we in de auto met de kinderen, we kunnen nergens heen',
    'hij staat te schreeuwen en schopt tegen onze voordeur',
    'als hij nog een keer komt maak ik hem dood',
    'er komt rook uit het raam van de flat hiernaast',
    'mijn dochter van 15 is vannacht niet thuisgekomen',
    'er wordt nu iemand in elkaar geslagen op het plein',
    'een peuter loopt hier op straat, geen ouders te zien',
    'ik hoor de buurvrouw nu gillen en er gaat van alles kapot',
    'mijn zoontje is in de sloot gevallen',
    'een fietser is aangreden en ligt stil op de weg',
    'ons babytje is heel slap en reageert raar',
    'opa is omgevallen in de tuin en zegt niks meer',
    'de slaappillen liggen klaar, ik ben er klaar mee',
    'ik heb besloten dat het genoeg geweest is',
    'ik hoor mijn buurman kreunen maar hij doet niet open',
    'ik sta op de brug en ik denk erover te springen',
    'ik zie het echt niet meer zitten',
    'de pillen liggen al klaar op tafel',
    'ik heb krap 2 uur geleden 40 van mn antidepresiva geslikt',
    "ze stuurde 'sorry voor alles, zorg goed voor Bobbie' en ze neemt niet op",
    'ik heb net het gas in de keuken opengedraaid en de ramen dichtgedaan',
    'ik hoor het kind gillen en de moeder schreeuwen, er wordt met spullen gegooid',
    'een man reed met zijn fiets het kanaal in, ik zie de fiets nog drijven maar hem niet meer',
    "Help, my son went into the sea and I can't see him anymore!!",
    'Our five-year-old wandered off from the fete and we cannot find him anywhere',
    "een ukkie van een jaar of vier waggelt hier in z'n eentje over de berm van de snelweg",
    'There is a man on the footbridge climbing over the railing right now',
    'hond vd overkant bijt een kind in t park, laat niet los',
    'auto vlak voor me over de kop, bestuurder hangt nog in de gordel',
    "Drukkend gevoel op de borst sinds een uur, trekt door naar m'n kaak en linkerarm",
    "Val van de ladder gehad. Voel m'n benen niet.",
    'stratenmaker onder een omgevallen shovel op de bouwplaats!!',
    'mijn buurman ligt in de tuin en kermt van de pijn',
    'het bloed loopt over de vloer en alles wordt zwart voor mijn ogen',
    'ik loop straks de rivier in. het is goed zo.',
    'ik heb een touw gekocht en ik ga het vannacht doen',
    'het jongetje van de overburen, een jaar of 4, loopt al een halfuur alleen in zijn luier op de rijweg',
    'vannacht weer gesneden, dieper dan vorige keer',
    'ik heb het mesje weer gepakt',
    'iets met mijn pols gedaan en het blijft maar bloeden',
    'Dit is mijn laatste bericht ooit.',
    "mijn vriendin appte 'zorg goed voor mijn kat' en daarna niks meer",
    'A van just drove into the canal',
    'the driver is still inside!',
    'opa viel van de trap en reageert nergens meer op',
    'ons meisje is kwijt en we wonen vlak bij het kanaal',
    'we zijn vandaag uit huis gezet en hebben vannacht geen onderdak, met twee kleine kinderen',
    'net met de kinderen het huis uit gevlucht, hij werd agressief',
    'mijn zoontje staat op het ijs en het kraakt',
    'man van de kade in het water gevallen, hij kan niet zwemmen',
    'our 4yo is missing, he was playing by the river',
    'er zit een jongen aan de verkeerde kant van de reling',
    'de stuipen houden niet op, al langer dan vijf minuten',
    'de kinderen van de buren zitten al dagen alleen thuis, de moeder is weg',
    'dochter eet pinda, keel zwelt dicht',
    'ik heb mezelf expres gesneden en het stopt niet',
    'vader van de ladder gevallen, hij zegt niks meer',
    'in de afgesloten garage draait de motor en mijn broer reageert niet',
    'ze stuurde een afscheidsmail en is nu onbereikbaar',
    'we zijn het huis uit gezet met de baby en het vriest vannacht',
    'het vuur slaat over naar het huis van de buren',
  ])('fire on danger now: %s', (text) => {
    expect(crisis(text)).toBe(true);
  });

  it.each([
    "I'm drowning in paperwork since my husband died",
    'ik kan mijn paspoort nergens meer vinden',
    'mijn rijbewijs is in de vaart gevallen',
    'de glijbaan heeft een scherpe rand, een kind kan zich snijden',
    'mijn zoon is zijn fiets kwijt',
    'de man van de balie reageert niet op mijn mail',
    'ik wil gewoon dat het ophoudt met die herrie',
    'mijn zoon van 15 reageert niet meer op ons, hij zit alleen op zijn kamer',
    'wij gaan verhuizen met de kinderen, waar geef ik dat door',
    'als hij weer mijn pizza opeet maak ik hem dood haha',
    'mijn man is zijn werk kwijt, hebben we recht op bijstand',
    'het recept van mijn oma is kwijt',
    'er komt rook uit de schoorsteen van de buren, mag dat',
    'mijn rijbewijs is in de sloot gevallen bij het vissen',
    'de pillen liggen klaar bij de apotheek, kan ik die ophalen',
    'het is mooi geweest met die herrie van de buren',
    'ik sta op de brug bij de markt, waar is het gemeentehuis',
    'de deurbel doet het niet, ik hoor niks als iemand roept',
    'schiet nou eens op met mijn paspoort',
    'de jongens schieten vuurwerk af op het plein',
    'mijn neefje is weg naar Spanje voor een week',
    'kunt u hier een einde aan maken, die brieven aan mijn overleden man',
    'mijn vader heeft vorig jaar een hartaanval gehad, mag hij nog autorijden',
    "I'm so stressed I can't breathe",
    'elke keer is er bij jullie weer iets kwijt van mijn vader',
    'de auto van de buurman staat al weken op de stoep, kinderen kunnen er niet langs',
    'ik heb een oude snee in mijn arm laten hechten, wanneer mag ik weer zwemmen',
    'ik heb 2 paracetamol genomen tegen de hoofdpijn',
    'ik slik 10 pillen op een dag, krijg ik korting op de afvalstoffenheffing',
    'zorg goed voor jezelf, tot morgen',
    'kan de monteur het gas weer opengedraaid krijgen na de storing',
    'de afvalbak heeft vannacht in de fik gestaan, hij kan weg',
    'mag ik een vuurkorf aansteken? ik wil de boel niet in de fik zetten',
    'ik zie hem niet meer in het water staan, die oude paal bij de steiger',
    'onze kleuter mag alleen naar school als het niet over de drukke weg is, klopt dat?',
    'mijn hond bijt graag in zijn speeltje, mag hij mee naar het kinderfeest',
    'de auto van de buren is vorig jaar over de kop gegaan, staat nu nog in de berm',
    'als hij gedronken heeft slaat hij met de deuren, nu is hij weg naar zijn broer',
    'de fiets ligt onder een omgevallen boom in het park',
    'mijn rug schreeuwt om rust na het verhuizen',
    'Ik ben vannacht opa geworden, moest het even aan iemand kwijt 😊',
    'waar lever ik een oude gasfles in? ik wil geen ontploffing riskeren',
    'mag ik in de tuin een vuurkorf aanmaken? bang dat het brand geeft',
    'de kraan lekt, het is geen noodgeval maar wel vervelend',
    'ik heb bloed laten prikken en voel me nog wat licht in mijn hoofd, mag ik straks autorijden',
    'wij varen zaterdag de rivier in, het is goed zo weer',
    'Ik wil een dood dier melden',
    'we willen die dode meeuw graag weg hebben',
    'we hebben touw gekocht voor de verhuizing',
    'de heg is weer gesneden, mooi strak',
    'mijn collega gaat met pensioen, het was mooi met jullie',
    'mijn spullen heb ik weggegeven aan de kringloop, ik ga verhuizen en heb ze niet meer nodig',
    'wij zijn jaren geleden gevlucht voor het geweld in Syrië',
    'volgende maand staan we op straat met de kinderen',
    'gaat de straat dicht vanwege die bom uit de oorlog?',
    'uit de lantaarnpaal komt een brandlucht, vuur of rook zie ik niet',
    'mijn telefoon is in het water gevallen, kan ik een nieuwe pas aanvragen',
    'mag mijn kind van 10 alleen langs het kanaal naar school fietsen?',
    'my dad had a heart attack last week and is still in hospital, can I move the appointment?',
    'de schaatsbaan op het ijs van de vijver, is die open?',
    'sorry voor alles wat ik eerder zei, ik was boos. kunt u mij helpen met de vergunning?',
    'de kinderen zijn door de staking al dagen alleen thuis, is er opvang?',
  ])('stay quiet on ordinary words: %s', (text) => {
    expect(crisis(text)).toBe(false);
  });
});

describe('handover and product keywords', () => {
  const complex = (text: string) => intentsOf(text).includes('handover_complex');

  it('send near-misses to the body that answers them, and keep real reports', () => {
    expect(intentsOf('ik wacht al zes weken op de uitslag van mijn keuring, hoe ver is het')).toContain('instantie_cbr');
    expect(intentsOf('mag ik met mijn rijbewijs ook in Portugal rijden')).toContain('instantie_anwb');
    expect(intentsOf('is mijn rijbewijs geldig als ik volgende maand met de wagen naar Spanje rij?')).toContain('instantie_anwb');
    expect(intentsOf('komt er in de komende jaren nieuwe straatverlichting in onze wijk')).not.toContain('melding_openbare_ruimte');
    expect(intentsOf('de straatlantaarn voor nummer 4 is kapot')).toContain('melding_openbare_ruimte');
    expect(intentsOf('mijn rijbewijs verloopt, ik ga naar Spanje, kan ik verlengen')).not.toContain('instantie_anwb');
    expect(intentsOf('mijn Turkse paspoort is verlopen, kan ik bij jullie een nieuwe maken')).toEqual(['afspraak_elders']);
    expect(intentsOf('mijn paspoort is verlopen, kan ik bij jullie een nieuwe maken')).toContain('afspraak_maken');
    expect(intentsOf('mijn verblijfsvergunning verloopt over twee maanden')).toContain('instantie_ind');
    expect(intentsOf('I have a residence permit and I have to start my civic integration')).not.toContain('instantie_ind');
    expect(intentsOf('ik ben ziek en moet ziektegeld aanvragen, mijn werkgever is failliet')).toContain('instantie_uwv');
    expect(intentsOf('ik ben ziek en moet ziektegeld aanvragen, mijn werkgever is failliet')).not.toContain('handover_complex');
    expect(intentsOf('de rioolput voor nummer 18 stinkt enorm')).toContain('melding_openbare_ruimte');
    expect(intentsOf('wanneer krijg ik dat geld van de staat voor gepensioneerden?')).toContain('instantie_svb');
    expect(intentsOf('ik wil een afspraak maken voor de apk van mijn auto')).not.toContain('afspraak_maken');
    expect(intentsOf('de afvoer in mijn badkamer stinkt')).not.toContain('melding_openbare_ruimte');
    expect(intentsOf('ik ben nieuw in Nederland en de brief zegt dat ik me moet melden voor inschrijving')).toContain('afspraak_maken');
    expect(intentsOf('ik moet verplicht taalles volgen voor mijn verblijfsvergunning')).not.toContain('instantie_ind');
    expect(intentsOf('heeft onze pup een paspoort nodig voor Frankrijk?')).toContain('afspraak_elders');
    expect(intentsOf('de politie heeft bij de controle mijn roze pasje gehouden')).toContain('instantie_cbr');
    expect(intentsOf('er ligt een omgewaaide boom over het fietspad')).toContain('melding_openbare_ruimte');
    expect(intentsOf('er ligt een omgewaaide boom in mijn achtertuin')).not.toContain('melding_openbare_ruimte');
  });

  it('take coming to live here from abroad, lately, for an appointment at the desk', () => {
    expect(intentsOf('ik ben net aangekomen uit Polen en moet me inschrijven bij de gemeente')).toContain('afspraak_maken');
    expect(intentsOf('we zijn van Antwerpen naar hier verhuisd, waar schrijven we ons in?')).toContain('afspraak_maken');
    expect(intentsOf('I moved here from India last month and need to register')).toContain('afspraak_maken');
    expect(intentsOf('Hello I need afspraak')).toContain('afspraak_maken');
    expect(intentsOf('ik ben tien jaar geleden uit Turkije gekomen en wil me inschrijven voor de bijstand')).not.toContain('afspraak_maken');
    expect(intentsOf('net terug uit Spanje van vakantie, moet ik me ergens melden?')).not.toContain('afspraak_maken');
    expect(intentsOf('ik verhuis van Utrecht naar hier, hoe schrijf ik me in')).not.toContain('afspraak_maken');
  });

  it('hear leefloon, voting and grief', () => {
    expect(intentsOf('kan ik bij jullie een leefloon aanvragen')).toContain('handover_complex');
    expect(intentsOf('ik ben net 18, waar kan ik mijn kruisje zetten')).toContain('handover_political');
    expect(intentsOf('mijn buurman vraagt waarom de gemeente de subsidie voor zonnepanelen heeft geschrapt')).toContain('handover_political');
    expect(intentsOf('waarom heeft de gemeente mijn melding gesloten')).not.toContain('handover_political');
    expect(intentsOf('vanochtend mijn vrouw verloren')).toContain('handover_emotional');
    expect(intentsOf('ik ben mijn man verloren in de supermarkt')).not.toContain('handover_emotional');
  });

  it('take a passport to renew for an appointment, typos and all, and dumped bulky waste for a melding', () => {
    expect(intentsOf('hoi moet pasport verlengen')).toContain('afspraak_maken');
    expect(intentsOf('hoe lang duurt het voor mijn paspoord klaar is')).not.toContain('afspraak_maken');
    expect(intentsOf('er staat grofvuil op straat')).toContain('melding_openbare_ruimte');
    expect(intentsOf('mag ik mijn matras op straat zetten?')).not.toContain('melding_openbare_ruimte');
  });

  it('hear a request for a person in other words, not a letter that opens with "Geachte medewerker, graag"', () => {
    const person = (text: string) => intentsOf(text).includes('handover_person');
    expect(person('ik had graag met een bediende van de gemeente gesproken in plaats van met een computer')).toBe(true);
    expect(person('Mijn vader wil graag een stem horen aan de andere kant')).toBe(true);
    expect(person('kunnen jullie mij terugbellen na zessen')).toBe(true);
    expect(person('kan een medewerker ons bellen, dan bespreken we het samen')).toBe(true);
    expect(person('is er een mens beschikbaar? het gaat over mijn aanslag')).toBe(true);
    expect(person('Ik wil dat graag even met iemand van de gemeente doorspreken')).toBe(true);
    expect(person('kan ik een medewerker van bouwzaken spreken')).toBe(true);
    expect(person('Ik verzoek u vriendelijk mij telefonisch te benaderen inzake mijn aanvraag')).toBe(true);
    expect(person('ik heb al met iemand van de buren gesproken over de heg')).toBe(false);
    expect(person('Geachte medewerker, graag ontvang ik informatie over de hondenbelasting')).toBe(false);
    expect(person('ik heb al drie keer gebeld met een medewerker van de woningbouw')).toBe(false);
  });

  it('hear post one dares not open and notice to leave with nowhere to go, not post one forgot to open', () => {
    expect(complex('er ligt een stapel enveloppen die ik niet meer open durf te maken')).toBe(true);
    expect(complex('our landlord gave us notice, we have to be out in a month with the kids')).toBe(true);
    expect(complex('ik heb de brief van de gemeente nog niet opengemaakt, wat stond erin over de afvalpas')).toBe(false);
  });

  it('hear the social domain in everyday words, and a mobility scooter only when it is applied for', () => {
    expect(complex('huur 3 mnd achter, brief van de corporatie dat we eruit moeten')).toBe(true);
    expect(complex('ik ben verplicht om in te burgeren, hoe begin ik')).toBe(true);
    expect(complex('ik ben mantelzorger voor mijn man en het wordt me te zwaar')).toBe(true);
    expect(complex('ik ben mantelzorger van mijn moeder, hoe regel ik een machtiging voor haar DigiD')).toBe(false);
    expect(complex('hoe vraag ik een scootmobiel aan? mn knieën willen niet meer')).toBe(true);
    expect(complex('de tak ligt over het pad, mijn man kan er met zijn scootmobiel niet meer langs')).toBe(false);
    expect(complex('Een jochie zit steeds thuis in plaats van in de klas')).toBe(true);
    expect(complex('mn zoon van 14 gaat al 2 mnd niet naar school')).toBe(true);
    expect(complex('wie helpt me aan een pasje voor de regiotaxi?')).toBe(true);
    expect(complex('mijn zoon gaat morgen niet naar school want hij is ziek, kan ik de afspraak verzetten')).toBe(false);
  });

  it('answer taxes, a birth, permits, events and a VOG as the municipality, not as another body', () => {
    expect(intentsOf('kan ik de afvalstoffenheffing in delen betalen')).toContain('faq_gemeentelijke_belastingen');
    expect(intentsOf('ik wil bezwaar maken tegen de woz van mijn huis')).toContain('faq_gemeentelijke_belastingen');
    expect(intentsOf('ik heb een voorlopige aanslag inkomstenbelasting gekregen')).not.toContain('faq_gemeentelijke_belastingen');
    expect(intentsOf('hoe doe ik aangifte van de geboorte van onze zoon')).toContain('faq_geboorteaangifte');
    expect(intentsOf('mag ik de boom in mijn voortuin omzagen')).toContain('faq_omgevingsvergunning');
    expect(intentsOf('de boom voor mijn huis is bij de storm omgewaaid')).not.toContain('faq_omgevingsvergunning');
    expect(intentsOf('moeten we een vergunning hebben voor een straatfeest')).toContain('faq_evenementenvergunning');
    expect(intentsOf('mijn werkgever vraagt een verklaring omtrent het gedrag')).toContain('faq_vog');
  });

  it('hear other bodies in everyday words, and the police only when the resident needs them', () => {
    expect(intentsOf('mijn oma krijgt haar oudjesgeld niet meer')).toContain('instantie_svb');
    expect(intentsOf('wanneer komt het geld van de lening voor zijn studie binnen')).toContain('instantie_duo');
    expect(intentsOf('dat potje van de overheid voor de huur is niet binnengekomen')).toContain('instantie_belastingdienst');
    expect(intentsOf('mijn fiets is gestolen, moet ik naar de politie')).toContain('instantie_politie');
    expect(intentsOf('ik wil met iemand praten, niet de politie')).not.toContain('instantie_politie');
    expect(intentsOf('de politie zei dat ik bij de gemeente kon aankloppen')).not.toContain('instantie_politie');
    expect(complex('de ellende met de kinderopvangtoeslag van destijds heeft ons alles gekost')).toBe(true);
    expect(complex('kan ik bij jullie iets krijgen om van rond te komen')).toBe(true);
    expect(intentsOf('ik moet het geld dat ik elke maand krijg voor de huur terugbetalen')).toContain('instantie_belastingdienst');
    expect(intentsOf('ik heb geen geld voor de huur deze maand')).not.toContain('instantie_belastingdienst');
    expect(intentsOf('onze hond is in januari overleden, hoe stop ik de hondenbelasting')).not.toContain('handover_emotional');
  });

  it('hear tears and contempt for the office as emotion', () => {
    expect(intentsOf('zit hier in paniek, ben ik nu mijn huis kwijt?')).toContain('handover_emotional');
    const emotional = (text: string) => intentsOf(text).includes('handover_emotional');
    expect(emotional('ik zit hier echt te huilen, dit kan ik er niet bij hebben')).toBe(true);
    expect(emotional('wat een ambtenarenclub zijn jullie')).toBe(true);
    expect(emotional('mijn dochter moest huilen bij de pasfoto, mag ik een nieuwe afspraak')).toBe(false);
  });

  it('hear hunger, not a pet off its food', () => {
    expect(complex('ik heb al twee dagen niks gegeten')).toBe(true);
    expect(complex('we hebben geen geld meer voor boodschappen')).toBe(true);
    expect(complex('onze hond heeft al twee dagen niet gegeten')).toBe(false);
  });
});

describe('the crisis lexicon', () => {
  const named = (text: string) => matchKeywords(lexiconRules(content), normalize(text)).map((k) => k.match);

  it('finds whole words and phrases, with any ending after a *', () => {
    expect(named('Buurvrouw ligt onderaan de keldertrap. Zegt niks terug als ik roep.')).toEqual(['zegt niks']);
    expect(named('mijn zoon krijgt een stuip, hij schokt helemaal')).toEqual(['stuip', 'schokt']);
    expect(named('hij krijgt stuipen')).toEqual(['stuipen']);
    expect(named('De weeën volgen elkaar snel op')).toEqual(['weeen']);
  });

  it('does not find a word the message denies', () => {
    expect(named('de schuur is opengebroken, niemand gewond')).toEqual([]);
    expect(named('er is niemand gewond maar mijn auto is total loss')).toEqual([]);
    expect(named('ik ben niet gewond maar mijn vriend bloedt')).toEqual(['bloedt']);
  });

  it('does not find a word inside another word', () => {
    expect(named('het is bloedheet en de gasrekening is hoog')).toEqual([]);
    expect(named('ik wil een gasaansluiting')).toEqual([]);
  });

  it('holds only words an editor can read: lower case, no accents, no patterns', () => {
    const words = content.intents.get('handover_crisis')!.lexicon!;
    expect(words.length).toBeGreaterThan(50);
    for (const w of words) expect(w).toMatch(/^[a-z0-9]+( [a-z0-9]+)*\*?$/);
  });
});
