import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// Every permission decision is a pure function in a module's policy.ts (or in auth/); no module or route
// compares an account's role itself. This scans app/ so it stays that way.

const ROOT = join(__dirname, '..', '..')
const ROLES = 'enterprise_admin|enterprise_head|worker|regulator|platform_admin'

/** A role compared with a role name (either side), looked up in a list, or switched on. */
const ROLE_COMPARISONS = [
  new RegExp(`\\brole\\s*[!=]==?\\s*'(?:${ROLES})'`),
  new RegExp(`'(?:${ROLES})'\\s*[!=]==?\\s*[\\w.?]*\\brole\\b`),
  /\.includes\(\s*[\w.?]*\brole\s*\)/,
  new RegExp(`\\bcase\\s+'(?:${ROLES})'\\s*:`),
]

function isAllowed(path: string): boolean {
  return path.endsWith('/policy.ts') || path.startsWith('app/modules/auth/')
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx|mts|mjs)$/.test(e.name) ? [path] : []
  })
}

function roleComparisons(source: string): number[] {
  return source
    .split('\n')
    .map((line, i) => (ROLE_COMPARISONS.some((re) => re.test(line)) ? i + 1 : 0))
    .filter((n) => n > 0)
}

describe('role comparisons live only in policy.ts files and auth/', () => {
  it('the pattern finds the comparisons it is meant to find', () => {
    for (const line of [
      "if (actor.role === 'worker') throw forbidden()",
      "if (actor.role !== 'enterprise_admin') return []",
      "const staff = 'enterprise_head' === user.role",
      'if (STAFF.includes(actor.role)) return',
      "  case 'regulator':",
    ])
      expect(roleComparisons(line), line).toEqual([1])
    for (const line of ["mayManage(actor.role, 'drills')", "if (role === 'principal') return", ".where('u.role', '=', 'worker')"])
      expect(roleComparisons(line), line).toEqual([])
  })

  it('no file outside them compares a role', () => {
    const files = sourceFiles(join(ROOT, 'app')).map((f) => relative(ROOT, f).split('\\').join('/'))
    expect(files.length).toBeGreaterThan(100)
    const found = files
      .filter((f) => !isAllowed(f))
      .flatMap((f) => roleComparisons(readFileSync(join(ROOT, f), 'utf8')).map((line) => `${f}:${line}`))
    expect(found).toEqual([])
  })
})
