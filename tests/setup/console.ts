import { afterEach, vi } from 'vitest'

// As in the Epic Stack: an unexpected console.error fails the test that caused it.
let errors: unknown[][] = []
const original = console.error
console.error = (...args: unknown[]) => {
  errors.push(args)
  original(...args)
}
afterEach(() => {
  const seen = errors
  errors = []
  vi.restoreAllMocks()
  if (seen.length) throw new Error(`console.error was called: ${String(seen[0]?.[0]).slice(0, 300)}`)
})
