/** Model files read ahead while modules load: the same bytes as reading them, handed out once, for one bot if asked. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetReadAhead, modelFileName, modelFileOf, readModelFile, readModelsAhead } from '../../src/nlu/readAhead';

describe('model files read ahead', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loket-ahead-'));
  const file = (name: string) => join(dir, name);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(forgetReadAhead);

  const big = Buffer.alloc(3 * 1024 * 1024 + 3, 7);
  beforeEach(() => {
    writeFileSync(file('nlu-a-0123456789abcdef.linear'), big);
    writeFileSync(file('nlu-a-0123456789abcdef.json'), '{"a":1}');
    writeFileSync(file('nlu-b-0123456789abcdef.json'), '{"b":1}');
  });

  it('hands out the bytes read ahead once, also of a file removed since (as a retrain on another instance does)', async () => {
    readModelsAhead(dir);
    rmSync(file('nlu-a-0123456789abcdef.json'));
    expect((await readModelFile(file('nlu-a-0123456789abcdef.json'))).toString()).toBe('{"a":1}');
    // The second time it is read from the file, which is gone.
    await expect(readModelFile(file('nlu-a-0123456789abcdef.json'))).rejects.toThrow(/ENOENT/);
    const linear = await readModelFile(file('nlu-a-0123456789abcdef.linear'));
    expect(linear.equals(big)).toBe(true);
    // Its own memory from the first byte: the n-gram weights are read in place only when aligned.
    expect(linear.byteOffset % 4).toBe(0);
  });

  it("reads ahead only one bot's files when asked for one", async () => {
    readModelsAhead(dir, 'b');
    rmSync(file('nlu-a-0123456789abcdef.json'));
    rmSync(file('nlu-b-0123456789abcdef.json'));
    await expect(readModelFile(file('nlu-a-0123456789abcdef.json'))).rejects.toThrow(/ENOENT/);
    expect((await readModelFile(file('nlu-b-0123456789abcdef.json'))).toString()).toBe('{"b":1}');
  });

  it('reads a file that was not read ahead, and reports one that is not there', async () => {
    readModelsAhead(join(dir, 'nothing-here'));
    expect((await readModelFile(file('nlu-b-0123456789abcdef.json'))).toString()).toBe('{"b":1}');
    readModelsAhead(dir);
    rmSync(file('nlu-b-0123456789abcdef.json'));
    forgetReadAhead();
    await expect(readModelFile(file('nlu-b-0123456789abcdef.json'))).rejects.toThrow(/ENOENT/);
  });
});

describe('model file names', () => {
  it('name the bot and the part, also for a bot id with dashes, and nothing else', () => {
    const name = modelFileName('gemeente-noord', '0123456789abcdef', 'linear');
    expect(name).toBe('nlu-gemeente-noord-0123456789abcdef.linear');
    expect(modelFileOf(name)).toEqual({ botId: 'gemeente-noord', part: 'linear' });
    // Another bot whose id starts the same is another bot: its models are not this one's stale ones.
    expect(modelFileOf(modelFileName('gemeente', '0123456789abcdef', 'json'))?.botId).toBe('gemeente');
    expect(modelFileOf('nlu-gemeente-0123456789abcdef.json.123.tmp')).toBeUndefined();
    expect(modelFileOf('compile-v20.20.2-x64-0badcafe.bin')).toBeUndefined();
  });
});
