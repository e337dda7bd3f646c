/** A recovery sweep of a channel: run now and then every `everyMs`, one run at a time, and stopped cleanly. */
export interface Sweeper {
  /** No new run starts; resolves when the run in progress is over. */
  stop(): Promise<void>;
}

/**
 * Runs `sweep` at once and then every `everyMs` (never two at once, a slow run delays the next), for the channels'
 * inboxes: what an instance accepted and did not answer before it died is answered by the next run on any instance.
 * `sweep` gets a function that says whether the sweeper was stopped, to end a long run early.
 */
export function sweepEvery(everyMs: number, sweep: (stopped: () => boolean) => Promise<void>, onError: (e: Error) => void): Sweeper {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running.then(() => (stopped ? undefined : sweep(() => stopped))).catch(onError);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
