// The demo's history is written by the app's own module functions (the approval chain, the
// confirmation ledger, report signing, evidence storage), so it holds exactly what those functions
// write and checks what they check. They take their time from the app's clock (`new Date()`), as in
// production; `at` runs one step as if the clock showed a past moment, time running on from there,
// and puts the clock back after it, also when the step fails. It nests (the outer moment is restored)
// and is meant for the seed alone: nothing else may run in the process meanwhile (the server seeds
// before it listens; the tests seed their template before any test runs).

export async function at<T>(moment: Date, step: () => Promise<T>): Promise<T> {
  const Outer = globalThis.Date
  const startedAt = Outer.now()
  const target = moment.getTime()
  class SeedDate extends Outer {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(target + (Outer.now() - startedAt))
      else super(...(args as [string | number | Date]))
    }
  }
  globalThis.Date = SeedDate as DateConstructor
  try {
    return await step()
  } finally {
    globalThis.Date = Outer
  }
}
