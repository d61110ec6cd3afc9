// The bench's measuring: a p95 of timed runs, and the `name value unit` line each figure is printed as.
// Shared by run.ts and the files it calls (run.ts opens its database at the top level, so they cannot
// import from it).

export function p95(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!
}

/** The p95 of n sequential runs of fn, in milliseconds. */
export async function time(n: number, fn: () => Promise<unknown>) {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn()
    out.push(performance.now() - t0)
  }
  return p95(out)
}

export const line = (k: string, v: number, unit: string) => console.log(`${k} ${Number(v.toFixed(v < 10 ? 2 : 1))} ${unit}`)
