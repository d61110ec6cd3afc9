// 双重预防 on the city (issue 15 §8), for `npm run bench`: the largest enterprise's 隐患台账 (first page,
// filters, sorts, a search, a deep page), its checks page, 排查清单 and risk register (each a first page,
// page 2 and filters), each through the running
// server beside the floor measured in the same run (a trivial page of the same server), and the
// lists' module queries without HTTP beside their own floor. One line each: `name value unit`.
//
// The city is the one dashboardBench uses (SCALE_DATABASE_URL, default azt_scale beside DATABASE_URL),
// made by `npm run seed:scale`; a city generated before the hazards existed is reported and skipped
// (regenerate it with `npm run seed:scale -- --reset`).
import pg from 'pg'
import { sql } from 'kysely'
import { actorFromUser } from '../../app/modules/auth/actor'
import { hashPassword } from '../../app/modules/auth/password.server'
import { openDatabase, migrateToLatest } from '../../db/client'
import { seedDatabase } from '../../seeds/seed'
import { line, time } from './measure'

export function scaleUrlOf(server: string): string {
  if (process.env.SCALE_DATABASE_URL) return process.env.SCALE_DATABASE_URL
  const u = new URL(server)
  u.pathname = '/azt_scale'
  return u.toString()
}

const PASSWORD = 'Anzetong@2026'

export async function hazardBench(server: string): Promise<void> {
  const scaleUrl = scaleUrlOf(server)
  const scaleName = new URL(scaleUrl).pathname.slice(1)
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [scaleName])
    if (!exists.rowCount) await admin.query(`create database ${scaleName}`)
  } finally {
    await admin.end()
  }
  const scale = await openDatabase({ url: scaleUrl, max: 4 })
  try {
    await migrateToLatest(scale.db)
    const { hasScaleData, seedScale, SCALE_MARK, settleForReads } = await import('./seed-scale')
    if (!(await hasScaleData(scale.db))) {
      console.error(`# generating the city in ${scaleName} (npm run seed:scale), once`)
      await seedDatabase(scale.db, { demo: true })
      await seedScale(scale.db, { enterprises: 20_000, workers: 1_000_000, onProgress: (m: string) => console.error(`#   ${m}`) })
      await sql`analyze`.execute(scale.db)
    }
    await settleForReads(scale.db)
    // the largest employer of the city, and its safety administrator (scale accounts have no password: set one)
    const largest = (
      await sql<{ id: string; workers: number; hazards: number; risks: number; checks: number }>`
        select e.id::text, (select count(*)::int from employees m where m.enterprise_id = e.id) as workers,
          (select count(*)::int from hazards h where h.enterprise_id = e.id) as hazards,
          (select count(*)::int from risks r where r.enterprise_id = e.id) as risks,
          (select count(*)::int from checks c where c.enterprise_id = e.id) as checks
        from enterprises e where substr(e.credit_code, 9, 4) = ${SCALE_MARK}
        order by workers desc limit 1`.execute(scale.db)
    ).rows[0]
    if (!largest?.hazards) {
      console.error('# the city has no hazards (made before seed-scale-hazards.ts): regenerate it with npm run seed:scale -- --reset')
      return
    }
    console.error(
      `# largest enterprise: ${largest.workers} workers, ${largest.hazards} hazards, ${largest.risks} risks, ${largest.checks} checks`,
    )
    const user = await scale.db
      .selectFrom('users')
      .selectAll()
      .where('enterprise_id', '=', largest.id)
      .where('role', '=', 'enterprise_admin')
      .executeTakeFirstOrThrow()
    await scale.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(PASSWORD) })
      .where('id', '=', user.id)
      .execute()

    // the module's query without HTTP or rendering
    const { contextFor } = await import('../../app/db.server')
    const { listHazards } = await import('../../app/modules/hazards/hazards.server')
    const { hazardListSchema } = await import('../../app/modules/hazards/schema')
    const actor = actorFromUser(user)
    const deepPage = Math.max(1, Math.floor(largest.hazards / 20))
    const cases: [string, Record<string, string>][] = [
      ['page1', {}],
      ['filter_open', { state: 'open' }],
      ['filter_overdue', { state: 'overdue' }],
      ['filter_major', { state: 'major' }],
      ['search', { q: '配电' }],
      ['sort_found_desc', { sort: 'foundAt', dir: 'desc' }],
      ['sort_deadline', { sort: 'deadline' }],
      ['deep_page', { page: String(deepPage) }],
      ['deep_page_sort_no', { page: String(deepPage), sort: 'no' }],
    ]
    line('hazards_sql_floor_p95', await time(100, () => sql`select 1`.execute(scale.db)), 'ms')
    for (const [name, params] of cases) {
      const query = hazardListSchema.parse(params)
      line(`hazards_${name}_sql_p95`, await time(30, () => listHazards(contextFor(scale.db, actor), query)), 'ms')
    }

    // the checks page, the 排查清单 and the risk register: each a table paged in SQL (a page, page 2, filters)
    const { plansOverview, checkListTable } = await import('../../app/modules/checks/checks.server')
    const { planListSchema } = await import('../../app/modules/checks/schema')
    const { riskRegister } = await import('../../app/modules/hazards/risks.server')
    const { riskListSchema, checkItemListSchema } = await import('../../app/modules/hazards/schema')
    const busiest = async (table: 'check_plans' | 'risks') =>
      (
        await sql<{ post_id: string }>`select post_id::text from ${sql.table(table)} where enterprise_id = ${largest.id}
          group by post_id order by count(*) desc limit 1`.execute(scale.db)
      ).rows[0]?.post_id ?? ''
    const [planPost, riskPost] = [await busiest('check_plans'), await busiest('risks')]
    const pageCases: [string, string, Record<string, string>, () => Promise<unknown>][] = []
    const add = <Q>(
      name: string,
      path: string,
      params: Record<string, string>,
      parse: (p: Record<string, string>) => Q,
      run: (q: Q) => Promise<unknown>,
    ) => pageCases.push([name, path, params, () => run(parse(params))])
    const ctx = () => contextFor(scale.db, actor)
    const overview = (q: ReturnType<typeof planListSchema.parse>) => plansOverview(ctx(), q)
    const items = (q: ReturnType<typeof checkItemListSchema.parse>) => checkListTable(ctx(), q)
    const register = (q: ReturnType<typeof riskListSchema.parse>) => riskRegister(ctx(), q)
    const plans = (p: Record<string, string>) => planListSchema.parse(p)
    const list = (p: Record<string, string>) => checkItemListSchema.parse(p)
    const risks = (p: Record<string, string>) => riskListSchema.parse(p)
    add('checks_overview', '/enterprise/checks', {}, plans, overview)
    add('checks_overview_page2', '/enterprise/checks', { page: '2' }, plans, overview)
    add('checks_overview_filter_overdue', '/enterprise/checks', { state: 'overdue', sort: 'missed' }, plans, overview)
    add('checks_overview_filter_post', '/enterprise/checks', { post: planPost }, plans, overview)
    add('checks_list', '/enterprise/checks/list', {}, list, items)
    add('checks_list_page2', '/enterprise/checks/list', { page: '2' }, list, items)
    add('checks_list_filter_major', '/enterprise/checks/list', { level: 'major' }, list, items)
    add('checks_list_search', '/enterprise/checks/list', { q: '检查' }, list, items)
    add('risk_register', '/enterprise/risks', {}, risks, register)
    add('risk_register_page2', '/enterprise/risks', { page: '2' }, risks, register)
    add('risk_register_filter_major', '/enterprise/risks', { level: 'major' }, risks, register)
    add('risk_register_filter_post', '/enterprise/risks', { post: riskPost }, risks, register)
    add('risk_register_missing_plans', '/enterprise/risks', { plan: 'missing' }, risks, register)
    for (const [name, , , run] of pageCases) line(`${name}_sql_p95`, await time(30, run), 'ms')

    const { startServer } = await import('../e2e/server')
    const app = await startServer({ databaseUrl: scaleUrl })
    try {
      const login = await fetch(`${app.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url },
        body: new URLSearchParams({ identifier: user.username!, password: PASSWORD, redirectTo: '' }),
      })
      const cookie = login.headers.get('set-cookie')?.split(';')[0]
      if (!cookie) throw new Error(`login as ${user.username} answered ${login.status}`)
      const fetchText = async (path: string) => {
        const res = await fetch(`${app.url}${path}`, { headers: { cookie } })
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
        await res.text()
      }
      for (let i = 0; i < 5; i++) await fetchText('/enterprise/hazards')
      line('hazards_http_floor_p95', await time(60, () => fetchText('/healthz')), 'ms')
      for (const [name, params] of cases) {
        const qs = new URLSearchParams(params).toString()
        line(`hazards_${name}_p95`, await time(30, () => fetchText(`/enterprise/hazards${qs ? `?${qs}` : ''}`)), 'ms')
      }
      for (const [name, path, params] of pageCases) {
        const qs = new URLSearchParams(params).toString()
        line(`${name}_p95`, await time(30, () => fetchText(`${path}${qs ? `?${qs}` : ''}`)), 'ms')
      }
    } finally {
      await app.stop()
    }
  } finally {
    await scale.close()
  }
}

// run alone: tsx tests/bench/hazard-bench.ts (after remix build), on DATABASE_URL's server
if (process.argv[1]?.endsWith('hazard-bench.ts')) {
  hazardBench(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test').catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
