import { replyTexts, type Loket } from '../../src/runtime';
import { exampleBot } from './helpers';

/** Whatever a resident sends, the bot answers politely and keeps going. */
describe('bad and unusual input', () => {
  let bot: Loket;
  beforeAll(async () => { bot = await exampleBot(); });
  afterAll(() => bot.close());

  const inputs: [string, string][] = [
    ['a very long message', 'lantaarnpaal kapot '.repeat(3000)],
    ['Arabic', 'أريد موعدا لجواز السفر'],
    ['emoji only', '🙂🙂🙂'],
    ['whitespace', '   \n\t  '],
    ['control characters', '\u0000\u0007ik wil\u001b een afspraak'],
    ['a script tag', '<script>alert(1)</script>'],
    ['a lone surrogate', 'hallo \ud800 daar'],
    // Long messages in other scripts: a pattern whose word and non-word classes overlap there (Arabic letters are
    // letters and \W at once) once took minutes on 3,000 characters of Arabic.
    ['a long Arabic message', 'مرحبا أريد موعد '.repeat(200)],
    ['a long Greek message', 'Γειά σας θέλω ραντεβού '.repeat(150)],
    ['a long Hindi message', 'नमस्ते मुझे अपॉइंटमेंट चाहिए '.repeat(120)],
    ['a long message in accented Dutch', 'één café naïve '.repeat(250)],
  ];

  it.each(inputs)('answers %s without failing', async (_, text) => {
    const r = await bot.handle(`bad-${text.length}-${text.slice(0, 5)}`, { type: 'text', text });
    expect(Array.isArray(r.outputs)).toBe(true);
    expect(replyTexts(r.outputs).join('').length).toBeGreaterThan(0);
  });

  it('answers a long message in another script at an open question of a flow', async () => {
    await bot.handle('script-in-flow', { type: 'text', text: 'ik wil iets melden' });
    const r = await bot.handle('script-in-flow', { type: 'text', text: 'Здравствуйте, у нас на улице сломан фонарь. '.repeat(100) });
    expect(replyTexts(r.outputs).join('').length).toBeGreaterThan(0);
  });

  it('answers a long run of spaces, dots or one long word at the questions of a flow', async () => {
    // Patterns tried from inside every run of spaces went over the rest of the run again: this took minutes.
    const walk = ['ik wil een afspraak maken', 'paspoort', 'volgende week dinsdag', '10:00', '1'];
    for (const [k, text] of [[1, `a${' '.repeat(10_000)}b`], [2, '.'.repeat(10_000)], [5, 'a'.repeat(10_000)]] as const) {
      const id = `runs-${k}`;
      for (const m of walk.slice(0, k)) await bot.handle(id, { type: 'text', text: m });
      const r = await bot.handle(id, { type: 'text', text });
      expect(replyTexts(r.outputs).join('').length).toBeGreaterThan(0);
    }
  });

  it('keeps a flow going after nonsense answers, then hands over after too many', async () => {
    await bot.handle('n1', { type: 'text', text: 'ik wil een afspraak maken' });
    const first = await bot.handle('n1', { type: 'text', text: 'blauw' });
    expect(replyTexts(first.outputs).join(' ')).toContain('Waarvoor wilt u een afspraak maken');
    await bot.handle('n1', { type: 'text', text: 'groen' });
    const third = await bot.handle('n1', { type: 'text', text: 'geel' });
    expect(third.handover?.reasons).toEqual(['not_understood']);
  });

  it('handles two messages of one conversation sent at the same time one after the other', async () => {
    const [a, b] = await Promise.all([
      bot.handle('same', { type: 'text', text: 'ik wil iets melden' }),
      bot.handle('same', { type: 'text', text: 'Afval' }),
    ]);
    expect(a.startedFlow).toBe('melding-openbare-ruimte');
    expect(b.state.frame?.slots.categorie).toBe('afval');
  });
});
