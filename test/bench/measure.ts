// Small statistics and pacing for the benchmark.
export const percentile = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls `fire(i)` at a steady rate for `seconds`, without waiting for one call before the next; resolves with all calls. */
export async function atRate<T>(perSecond: number, seconds: number, fire: (i: number) => Promise<T>): Promise<T[]> {
  const calls: Promise<T>[] = [];
  const t0 = Date.now();
  for (let i = 0; i < Math.round(perSecond * seconds); i++) {
    await sleep(Math.max(0, t0 + (i * 1000) / perSecond - Date.now()));
    calls.push(fire(i));
  }
  return Promise.all(calls);
}
