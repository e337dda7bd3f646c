/**
 * libuv accepts one new connection per turn of the event loop, and one turn runs every request whose bytes have
 * arrived. Under full load a turn holds hundreds of bot turns, so a new connection (a resident opening the chat, the
 * load balancer's health check) waited seconds before it was even accepted: with 200 residents at once, dozens of
 * them gave up after 10 s. Once a loop turn has spent `budgetMs`, further requests wait for a later one, in the order
 * they came, so each loop turn stays short and new connections get in.
 */
export function shortIterations(budgetMs: number, clock: () => number = () => performance.now()): (run: () => void) => void {
  let sliceStart: number | undefined;
  let waiting = 0;
  // The slice ends in the check phase (setImmediate), after the poll phase that reads requests and accepts one.
  const open = (): number => {
    setImmediate(() => void (sliceStart = undefined));
    return (sliceStart = clock());
  };
  const spent = (): number => clock() - (sliceStart ?? open());
  // An immediate queued while immediates run waits for the next loop turn; one request per immediate lets its work
  // (promise callbacks) finish before the clock is read again.
  const later = (run: () => void): void => void setImmediate(() => {
    if (spent() >= budgetMs) return later(run);
    waiting--;
    run();
  });
  return (run) => {
    if (waiting === 0 && spent() < budgetMs) return run();
    waiting++;
    later(run);
  };
}
