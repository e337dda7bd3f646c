import { checkBot, formatDiagnostic } from '../../src/content';
import { contentTree } from '../content/tree';

const BOT = (email: string, languages: string) => `name: Gemeente Test
languages: [${languages}]
flows: []
intents: [basis]
texts: { welcome: Hallo, fallback: Sorry, goodbye: Doei }
facts:
  adres: Stadhuisplein 1
handover:
  messages: { default: Ik zet u door., crisis: Bel 112. }
email:
${email}`;

const INTENTS = 'intents:\n  - id: groet\n    utterances:\n      nl: [hallo]\n    answer: Hallo!\n';

function messages(email: string, languages = 'nl'): string[] {
  const root = contentTree({ 'bots/test/bot.yaml': BOT(email, languages), 'intents/basis.yaml': INTENTS });
  return checkBot(root, 'test', []).diagnostics.map(formatDiagnostic);
}

describe('bot.yaml email:', () => {
  it('accepts templates that name what their kind fills in', () => {
    expect(messages(`  from: "Gemeente Test <noreply@test.nl>"
  smtp: { host: smtp.test.nl, user: loket, password_env: SMTP_PASSWORD }
  appointment: { location: "{facts.adres}" }
  templates:
    appointment_booked:
      subject: { nl: "Uw afspraak op {when}", en: "Your appointment on {when}" }
      body: { nl: "Beste {name}, nummer {reference} bij {bot.name}, {facts.adres}", en: "Dear {name}, {product}" }
`)).toEqual([]);
  });

  it('reports a placeholder the kind does not fill in, an unknown fact and a template without English, at their lines', () => {
    const out = messages(`  from: noreply@test.nl
  templates:
    report_received:
      subject: { nl: "Melding {reference} van {name}", en: "Report {reference}" }
      body: "Zie {facts.telefoon}"
`, 'nl, en').filter((m) => !/:[1-9]:\d+:/.test(m)); // the lines above email: lack English too
    expect(out).toEqual([
      expect.stringMatching(/^bots\/test\/bot\.yaml:14:\d+: \{name\} is not filled in here; use \{reference\}, \{category\}, \{description\}, \{location\}/),
      expect.stringMatching(/^bots\/test\/bot\.yaml:15:\d+: warning: this text has no English version \("en:"\), but the bot speaks English/),
      expect.stringMatching(/^bots\/test\/bot\.yaml:15:\d+: unknown fact "telefoon": add it under facts:/),
    ]);
  });

  it('reports an unknown kind and a sender that is not an address', () => {
    const out = messages(`  from: Gemeente Test
  smtp: { host: smtp.test.nl, user: loket }
  templates:
    appointment_moved: { subject: Verzet, body: Verzet }
`).join('\n');
    expect(out).toMatch(/bot\.yaml:11:\d+: "from": "Gemeente Test" has the wrong form; write it like Gemeente Voorbeeld <noreply@voorbeeld.nl>/);
    expect(out).toMatch(/unknown field "appointment_moved"; did you mean "appointment_booked"\?/);
  });

  it('reports a user without password_env once the form is right', () => {
    expect(messages(`  from: noreply@test.nl
  smtp: { host: smtp.test.nl, user: loket }
`)).toEqual([expect.stringMatching(/bot\.yaml:12:\d+: an SMTP user needs password_env/)]);
  });
});
