import { shortIterations } from '../../src/server/shortIterations';

/** The end of this loop turn's check phase: immediates queued now run after those queued before. */
const endOfLoopTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('shortIterations', () => {
  it('runs requests at once while the loop turn has time left', () => {
    const clock = 0;
    const share = shortIterations(2, () => clock);
    const ran: number[] = [];
    for (let i = 0; i < 5; i++) share(() => ran.push(i));
    expect(ran).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets requests past the budget wait for later loop turns, in the order they came', async () => {
    let clock = 0;
    const share = shortIterations(2, () => clock);
    const ran: string[] = [];
    // Each request takes longer than the whole budget: one per loop turn, so the loop polls for I/O in between.
    for (let i = 0; i < 4; i++) share(() => ran.push(`r${i}`) && (clock += 3));
    const perTurn = [ran.length];
    for (let turn = 0; turn < 3; turn++) {
      await endOfLoopTurn();
      perTurn.push(ran.length);
    }
    expect(perTurn).toEqual([1, 2, 3, 4]);
    expect(ran).toEqual(['r0', 'r1', 'r2', 'r3']);
  });

  it('keeps arrival order for requests that come while others wait', async () => {
    let clock = 0;
    const share = shortIterations(2, () => clock);
    const order: string[] = [];
    share(() => {
      clock += 3;
      order.push('a');
    });
    share(() => order.push('b'));
    clock -= 10; // time left again, but b waits: c must not pass it
    share(() => order.push('c'));
    expect(order).toEqual(['a']);
    await endOfLoopTurn();
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
