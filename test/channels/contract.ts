/**
 * The contract every channel adapter passes: a message in gives the bot's reply out, buttons degrade into something
 * the channel can show, a choice continues the flow, locations and photos arrive as slots, bad input is refused.
 * A channel provides a harness that speaks its own protocol; `describeChannelContract` runs the same tests on it.
 */
export interface SeenReply {
  /** Texts the resident sees, in order. */
  texts: string[];
  /** Options the resident can pick (button titles, list rows or numbered lines). */
  options: string[];
}

export interface ChannelHarness {
  /** The resident types text, or presses the option with this title. */
  say(conversation: string, text: string): Promise<SeenReply>;
  choose(conversation: string, option: string): Promise<SeenReply>;
  shareLocation(conversation: string, latitude: number, longitude: number): Promise<SeenReply>;
  sendPhoto(conversation: string): Promise<SeenReply>;
  /** Sends something malformed in the channel's protocol; returns how the channel refused it. */
  sendMalformed(): Promise<{ refused: boolean; message: string }>;
  close(): Promise<void>;
}

export function describeChannelContract(name: string, create: () => Promise<ChannelHarness>): void {
  describe(`channel contract: ${name}`, () => {
    let h: ChannelHarness;
    beforeAll(async () => { h = await create(); });
    afterAll(() => h.close());

    it('answers a message', async () => {
      const r = await h.say('contract-1', 'hoe laat is het gemeentehuis open');
      expect(r.texts.join(' ')).toContain('9.00 tot 17.00');
    });

    it('shows buttons in a form the channel supports, and a choice continues the flow', async () => {
      const r = await h.say('contract-2', 'ik wil een afspraak maken');
      expect(r.texts.join(' ')).toContain('Waarvoor wilt u een afspraak maken');
      expect(r.options).toEqual(expect.arrayContaining(['Paspoort', 'ID-kaart', 'Rijbewijs']));
      const next = await h.choose('contract-2', 'Paspoort');
      expect(next.texts.join(' ')).toContain('Op welke dag');
    });

    it('passes a shared location and a photo on as answers', async () => {
      await h.say('contract-3', 'ik wil iets melden');
      await h.choose('contract-3', 'Afval');
      const afterLocation = await h.shareLocation('contract-3', 52.0907, 5.1214);
      expect(afterLocation.texts.join(' ')).toContain('Wat is er aan de hand');
      await h.say('contract-3', 'er staan vuilniszakken naast de container');
      const afterPhoto = await h.sendPhoto('contract-3');
      expect(afterPhoto.texts.join(' ')).toContain('per e-mail horen');
    });

    it('refuses malformed input with a clear error, and keeps working', async () => {
      const bad = await h.sendMalformed();
      expect(bad.refused).toBe(true);
      expect(bad.message.length).toBeGreaterThan(5);
      const r = await h.say('contract-4', 'hallo');
      expect(r.texts.length).toBeGreaterThan(0);
    });
  });
}
