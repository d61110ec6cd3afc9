// The demo's history is written by the app's own module functions (the approval chain, the
// confirmation ledger, report signing, evidence storage), so it holds exactly what those functions
// write and checks what they check. They take their time from the app's clock (`new Date()`), as in
// production; `at` runs one step as if that clock showed a past moment, time running on from there,
// and puts it back after the step, also when it fails. Only `new Date()` is moved: `Date.now()` is left
// alone, because the embedded database (PGlite) arms its timers with it and a clock that jumps back a
// year makes them spin. The app itself never reads `Date.now()` (the database is not asked for the
// time either, README). It nests, and is meant for the seed alone: nothing else may run in the process
// meanwhile (the server seeds before it listens; the tests seed their template before any test runs).

export async function at<T>(moment: Date, step: () => Promise<T>): Promise<T> {
  const Outer = globalThis.Date
  const startedAt = Outer.now()
  const target = moment.getTime()
  class SeedDate extends Outer {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(target + (Outer.now() - startedAt))
      else super(...(args as [string | number | Date]))
    }
    // a date made before the step (or by the outer clock) is still a Date to code that checks
    static [Symbol.hasInstance](value: unknown) {
      return value instanceof Outer
    }
  }
  globalThis.Date = SeedDate as unknown as DateConstructor
  try {
    return await step()
  } finally {
    globalThis.Date = Outer
  }
}
