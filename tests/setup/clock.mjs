// The tests' clock. Every test runs as if it were TEST_NOW, whatever today's date is, so the suite
// passes next month and next year too. Time still runs (from TEST_NOW onwards), so timeouts, lockout
// windows and session expiry behave as they do in production. The demo data set is written in absolute
// dates around TEST_NOW; the pages under test reckon "this year", "this half-year" and deadlines from it.
//
// Loaded as a vitest setup file (unit and integration tests, and so PGlite in the same process) and with
// `node --import` into the server the end-to-end tests start. PostgreSQL's own now() is not shifted:
// the app never asks the database for the time.
const TEST_NOW = process.env.AZT_TEST_NOW ?? '2026-11-30T12:00:00+08:00'

const RealDate = globalThis.Date
if (!RealDate.__shiftedForTests) {
  const target = RealDate.parse(TEST_NOW)
  if (Number.isNaN(target)) throw new Error(`AZT_TEST_NOW is not an instant: ${TEST_NOW}`)
  const offset = target - RealDate.now()
  class TestDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset)
      else super(...args)
    }
    static now() {
      return RealDate.now() + offset
    }
    // dates made by Node itself (fs stats, …) are still dates
    static [Symbol.hasInstance](value) {
      return value instanceof RealDate
    }
  }
  Object.defineProperty(TestDate, '__shiftedForTests', { value: true })
  // Date() called as a function returns a string of now
  globalThis.Date = new Proxy(TestDate, {
    apply: () => new TestDate().toString(),
  })
}
