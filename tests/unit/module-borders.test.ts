import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// Module borders (DESIGN: a module writes only its own tables and calls other modules' exported
// functions; no folder cycles). Reads the source of app/modules, so a new write or import that crosses
// a border fails here before a reviewer has to find it.

const ROOT = join(__dirname, '..', '..')
const MODULES = join(ROOT, 'app', 'modules')

/** Which module owns (alone writes) each table. A new table is added here with its module. */
const OWNER: Record<string, string> = {
  // reference data: written by migrations and seeds only
  regions: 'reference',
  industries: 'reference',
  industry_supervisors: 'reference',
  departments: 'reference',
  certificate_catalogue: 'reference',
  enterprises: 'enterprises',
  org_units: 'org',
  posts: 'org',
  employees: 'org',
  assignments: 'org',
  users: 'auth',
  sessions: 'auth',
  password_resets: 'auth',
  audit_events: 'audit',
  // 查阅记录: written wherever a regulator reads (reports, orders, hazards, the dashboard)
  report_views: 'audit',
  duty_list_versions: 'duties',
  duty_items: 'duties',
  duty_list_events: 'duties',
  import_batches: 'excel',
  import_batch_chunks: 'excel',
  invitations: 'acknowledgements',
  ledger_heads: 'acknowledgements',
  acknowledgements: 'acknowledgements',
  reminders: 'acknowledgements',
  evidence_files: 'evidence',
  emergency_plans: 'drills',
  drills: 'drills',
  drill_participants: 'drills',
  training_sessions: 'training',
  training_attendance: 'training',
  certificates: 'training',
  obligation_states: 'obligations',
  self_checks: 'obligations',
  // 安委会会议 and 安全生产目标责任书 (read by the obligations overview and the 履职记录 proposals)
  committee_meetings: 'committee',
  target_agreements: 'committee',
  status_reports: 'reports',
  enterprise_report_status: 'reports',
  // the dashboard's flag inputs: written by database triggers only (migration 20261206020000), read by regulators
  enterprise_flag_state: 'regulators',
  inspections: 'supervision',
  rectification_orders: 'supervision',
  rectification_items: 'supervision',
  rectification_events: 'supervision',
  push_endpoints: 'push',
  report_push_outbox: 'push',
  risk_points: 'hazards',
  risks: 'hazards',
  hazards: 'hazards',
  hazard_events: 'hazards',
  // 隐患排查计划 and 检查记录
  check_plans: 'checks',
  check_plan_items: 'checks',
  checks: 'checks',
  check_results: 'checks',
  check_drafts: 'checks',
  // 履职记录 and 责任制考核
  assessment_settings: 'dutylogs',
  duty_log_months: 'dutylogs',
  duty_log_entries: 'dutylogs',
  duty_log_removed_entries: 'dutylogs',
  duty_log_corrections: 'dutylogs',
  assessments: 'dutylogs',
  assessment_scores: 'dutylogs',
  // 隐患排查治理统计
  hazard_stat_reports: 'hazard-stats',
  // 领导干部履职台账
  leader_ledger_sheets: 'leaderledger',
  leader_ledger_entries: 'leaderledger',
  leader_ledger_files: 'leaderledger',
  leader_ledger_withdrawals: 'leaderledger',
  leader_ledger_signatures: 'leaderledger',
  leader_ledger_leaders: 'leaderledger',
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return files(path)
    return /\.tsx?$/.test(e.name) ? [path] : []
  })
}

const moduleOf = (path: string) => relative(MODULES, path).split(/[\\/]/)[0]!
const sources = files(MODULES).map((path) => ({ path, module: moduleOf(path), text: readFileSync(path, 'utf8') }))

/** Tables a source writes: insertInto / updateTable / deleteFrom / mergeInto with a literal name. */
function writtenTables(text: string): string[] {
  return [...text.matchAll(/\.(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*['"`]([a-z_]+)/g)].map((m) => m[1]!)
}

/** The modules a source imports from (relative imports and re-exports that land in another module folder). */
function importedModules(path: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:from\s+|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!)
  return specs
    .map((s) => resolve(dirname(path), s))
    .filter((target) => !relative(MODULES, target).startsWith('..'))
    .map(moduleOf)
}

describe('a module writes only its own tables', () => {
  it('every table of the Database type has an owner in the map', () => {
    const types = readFileSync(join(ROOT, 'db', 'types.ts'), 'utf8')
    const body = types.slice(types.indexOf('export interface Database {'))
    const tables = [...body.slice(0, body.indexOf('\n}')).matchAll(/^\s+([a-z_]+):/gm)].map((m) => m[1]!)
    expect(tables.length).toBeGreaterThan(40)
    expect(tables.filter((t) => !(t in OWNER))).toEqual([])
  })

  it('no module writes a table another module owns', () => {
    const writes = sources.flatMap((s) => writtenTables(s.text).map((table) => ({ file: relative(ROOT, s.path), module: s.module, table })))
    expect(writes.length).toBeGreaterThan(50)
    const crossing = writes
      .filter((w) => OWNER[w.table] !== w.module)
      .map((w) => `${w.file} writes ${w.table} (owned by ${OWNER[w.table] ?? 'nobody: add it to OWNER'})`)
    expect(crossing).toEqual([])
  })

  it('the check sees a crossing write when there is one', () => {
    expect(writtenTables(`await db.insertInto('users').values(x)`)).toEqual(['users'])
    expect(writtenTables(`db\n    .updateTable('posts as p')\n    .set({})`)).toEqual(['posts'])
  })
})

describe('the module import graph', () => {
  const edges = new Map<string, Set<string>>()
  for (const s of sources)
    for (const target of importedModules(s.path, s.text)) {
      if (target === s.module) continue
      if (!edges.has(s.module)) edges.set(s.module, new Set())
      edges.get(s.module)!.add(target)
    }

  /** One cycle (as a path) if the graph has any. */
  function findCycle(graph: Map<string, Set<string>>): string[] | null {
    const state = new Map<string, 'open' | 'done'>()
    const stack: string[] = []
    const visit = (m: string): string[] | null => {
      if (state.get(m) === 'done') return null
      if (state.get(m) === 'open') return [...stack.slice(stack.indexOf(m)), m]
      state.set(m, 'open')
      stack.push(m)
      for (const next of graph.get(m) ?? []) {
        const cycle = visit(next)
        if (cycle) return cycle
      }
      stack.pop()
      state.set(m, 'done')
      return null
    }
    for (const m of graph.keys()) {
      const cycle = visit(m)
      if (cycle) return cycle
    }
    return null
  }

  it('has no cycles between module folders', () => {
    expect([...edges.values()].reduce((n, s) => n + s.size, 0)).toBeGreaterThan(30)
    expect(findCycle(edges)?.join(' → ') ?? null).toBeNull()
  })

  it('no module file is a re-export shim of another module (import from the owning module)', () => {
    // The one kept: a landed migration (which may never change) imports the catalogue from training.
    const kept = ['app/modules/training/catalogue.ts']
    const shims = sources
      .filter((s) => /^\s*export\s+(?:\*|\{[^}]*\})\s+from\s+['"]\.\.\//m.test(s.text))
      .map((s) => relative(ROOT, s.path).split(/[\\/]/).join('/'))
      .filter((path) => !kept.includes(path))
    expect(shims).toEqual([])
  })

  it('the cycle check finds a cycle when there is one', () => {
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ])
    expect(findCycle(g)).toEqual(['a', 'b', 'c', 'a'])
    expect(findCycle(new Map([['a', new Set(['b'])]]))).toBeNull()
  })
})
