// npm run bench — figures on the Postgres in DATABASE_URL, one line each: `name value unit`.
// A floor (a trivial query on the same connection pool) is measured in the same run so figures
// compare as ratios across machines.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import pg from 'pg'
import { actorFromUser } from '../../app/modules/auth/actor'
import { listPosts } from '../../app/modules/duties/duties.server'
import { listEmployees } from '../../app/modules/org/roster.server'
import { migrateToLatest, NO_TIMEOUTS, openDatabase } from '../../db/client'
import { migrations } from '../../db/migrations'
import { seedDatabase } from '../../seeds/seed'
import { largeConfirmationData } from './confirmations-data'
import { sql } from 'kysely'
import { contextFor } from '../../app/db.server'
import { addDays } from '../../app/utils/calendar'
import { line, time } from './measure'

// flags: --no-dashboard (skip the city), --only-dashboard (only the city), --no-hazards (skip the city's hazard lists),
// --import-100k (also import 100,000 rows), --province (also the 100,000-enterprise province's dashboard: generated once
// into azt_province, about an hour here)
const flags = new Set(process.argv.slice(2))
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
if (!process.env.DATABASE_URL) console.error(`# DATABASE_URL not set; using ${server}`)

const name = `azt_bench_${randomBytes(4).toString('hex')}`
const admin = new pg.Client({ connectionString: server })
await admin.connect()
await admin.query(`create database ${name}`)
const url = new URL(server)
url.pathname = `/${name}`
const handle = await openDatabase({ url: url.toString(), max: 4 })
const db = handle.db

interface ChildImport {
  seconds: number
  previewSeconds: number
  commitSeconds: number
  maxRssMb: number
}

/** Writes an n-row roster .xlsx (streamed, so the bench itself stays small). */
async function writeRoster(file: string, n: number, prefix: string, phoneBase: number) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false })
  const ws = wb.addWorksheet('花名册')
  ws.addRow(['人员花名册']).commit()
  ws.addRow(['姓名', '工号', '手机号', '部门', '岗位', '用工形式', '入职日期', '任职日期', '身份证号']).commit()
  const posts = [
    ['合成车间/加氢工段/加氢一班', '化工操作工（加氢）'],
    ['储运车间', '危化品装卸工'],
    ['合成车间', '仪表工'],
  ]
  for (let i = 0; i < n; i++) {
    const [unit, post] = posts[i % posts.length]!
    ws.addRow([
      `职工${i}`,
      `${prefix}${String(i).padStart(6, '0')}`,
      String(phoneBase + i),
      unit,
      post,
      i % 7 === 0 ? '劳务派遣' : '正式',
      new Date(addDays('2020-01-01', i % 1500)), // a date-only ISO string is UTC midnight, as Excel cells want
      '',
      '',
    ]).commit()
  }
  ws.commit()
  await wb.commit()
}

/**
 * Imports an n-row roster in a child process: the first upload after the process started, beside its
 * floor; with `warm`, in a process that has previewed the same file once already, as a running server
 * has read sheets before (give it other 工号 and phones than an earlier run's).
 */
async function rosterImportBench(
  n: number,
  prefix: string,
  phoneBase: number,
  options: { warm?: boolean } = {},
): Promise<{ floor: ChildImport | null; import: ChildImport }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'azt-bench-'))
  const file = path.join(dir, `roster-${n}.xlsx`)
  try {
    await writeRoster(file, n, prefix, phoneBase)
    // bundled as the server's build is, and run by plain node: under tsx its loader alone held 100 MB more
    const bundle = path.resolve('node_modules/.cache/azt-bench/roster-import-child.mjs')
    execFileSync('node_modules/.bin/esbuild', [
      'tests/bench/roster-import-child.ts',
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      `--outfile=${bundle}`,
      '--log-level=warning',
    ])
    const child = (mode: string) => {
      const out = execFileSync(process.execPath, [bundle, url.toString(), file, mode, String(n)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      })
      return JSON.parse(out.trim().split('\n').pop()!) as ChildImport
    }
    if (options.warm) return { floor: null, import: child('warm') }
    return { floor: child('floor'), import: child('import') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (flags.has('--only-dashboard')) {
  // the regulator dashboard alone (and the province with --province), without the enterprise figures
  try {
    await dashboardBench('dashboard', 'azt_scale', 20_000, 1_000_000)
    if (flags.has('--province')) await dashboardBench('dashboard_province', 'azt_province', 100_000, 5_000_000)
  } finally {
    await handle.close()
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
  process.exit(0)
}

try {
  await migrateToLatest(db)
  await seedDatabase(db, { demo: true })
  const user = await db.selectFrom('users').selectAll().where('username', '=', 'hs_admin').executeTakeFirstOrThrow()
  const actor = actorFromUser(user)

  line('floor_p95', await time(200, () => sql`select 1`.execute(db)), 'ms')

  // A 10,000-row roster as an officer would upload it, imported in a process of its own (its peak
  // RSS is the import's), beside a floor: the same process writing the same rows with one
  // `insert … select` each, holding the same file.
  const importRun = await rosterImportBench(10_000, 'B', 15000000000)
  line('roster_import_10k_s', importRun.import.seconds, 's')
  line('roster_import_10k_preview_s', importRun.import.previewSeconds, 's')
  line('roster_import_10k_commit_s', importRun.import.commitSeconds, 's')
  line('roster_import_10k_floor_s', importRun.floor!.seconds, 's')
  line('roster_import_10k_rss_mb', importRun.import.maxRssMb, 'MB')
  line('roster_import_10k_floor_rss_mb', importRun.floor!.maxRssMb, 'MB')

  line(
    'roster_list_page1_p95',
    await time(50, () => listEmployees(contextFor(db, actor), { q: '', page: 1, size: 20, sort: 'employeeNo', dir: 'asc' })),
    'ms',
  )
  line(
    'roster_list_search_p95',
    await time(50, () => listEmployees(contextFor(db, actor), { q: '职工99', page: 1, size: 20, sort: 'name', dir: 'asc' })),
    'ms',
  )
  line(
    'posts_list_p95',
    await time(50, () => listPosts(contextFor(db, actor), { q: '', page: 1, size: 20, sort: 'holders', dir: 'desc' })),
    'ms',
  )

  // Confirmations of a large enterprise: 10,000 workers holding 20,000 assignments on 60 posts with
  // published lists, about half confirmed; the overview page is timed through the running server.
  const eid = (actor as { enterpriseId: string }).enterpriseId
  const counts = { rows: [await largeConfirmationData(db, eid, actor.userId)] }
  console.error(`# confirmation data: ${counts.rows[0]!.a} assignments, ${counts.rows[0]!.k} confirmations`)

  const { startServer } = await import('../e2e/server')
  const server = await startServer({ databaseUrl: url.toString() })
  try {
    const login = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ identifier: 'hs_admin', password: 'Anzetong@2026', redirectTo: '' }),
    })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const fetchText = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } })
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
      await res.text()
    }
    for (let i = 0; i < 5; i++) await fetchText('/enterprise/confirmations') // warm up
    line('http_floor_p95', await time(60, () => fetchText('/healthz')), 'ms')
    line('confirmation_overview_p95', await time(40, () => fetchText('/enterprise/confirmations')), 'ms')
    line(
      'confirmation_overview_overdue_p95',
      await time(40, () => fetchText('/enterprise/confirmations?state=overdue&sort=deadline')),
      'ms',
    )
    line('confirmation_overview_page50_p95', await time(20, () => fetchText('/enterprise/confirmations?page=50&size=100')), 'ms')
    // the officer's home and the 二十条 of the same enterprise: every figure derived from its records
    for (let i = 0; i < 2; i++) await fetchText('/enterprise')
    line('enterprise_home_p95', await time(20, () => fetchText('/enterprise')), 'ms')
    line('obligations_p95', await time(20, () => fetchText('/enterprise/obligations')), 'ms')
  } finally {
    await server.stop()
  }
  // after the pages above: 10,000 more people on the roster would double the confirmations they time
  const warm = (await rosterImportBench(10_000, 'W', 15500000000, { warm: true })).import
  line('roster_import_10k_warm_s', warm.seconds, 's')
  line('roster_import_10k_warm_preview_s', warm.previewSeconds, 's')
  line('roster_import_10k_warm_commit_s', warm.commitSeconds, 's')
  line('roster_import_10k_warm_rss_mb', warm.maxRssMb, 'MB')
  if (flags.has('--import-100k')) {
    // flag-gated: 100,000 rows (about a minute end to end on this machine)
    const big = await rosterImportBench(100_000, 'C', 16600000000)
    line('roster_import_100k_s', big.import.seconds, 's')
    line('roster_import_100k_floor_s', big.floor!.seconds, 's')
    line('roster_import_100k_rss_mb', big.import.maxRssMb, 'MB')
    line('roster_import_100k_floor_rss_mb', big.floor!.maxRssMb, 'MB')
  }
  if (!flags.has('--no-dashboard')) await dashboardBench('dashboard', 'azt_scale', 20_000, 1_000_000)
  if (flags.has('--province')) await dashboardBench('dashboard_province', 'azt_province', 100_000, 5_000_000)
  if (!flags.has('--no-hazards') && !flags.has('--only-dashboard')) await (await import('./hazard-bench')).hazardBench(url.toString()) // 隐患台账, checks, risks of the largest enterprise
} finally {
  await handle.close()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.end()
}

/**
 * The regulator dashboard on a whole city: 20,000 enterprises and about a million workers in a
 * database of their own (SCALE_DATABASE_URL, default `azt_scale` beside DATABASE_URL), generated by
 * `npm run seed:scale` the first time and kept. The 应急管理局 of 晋中 sees all of it. Each single
 * filter and sort: the page through the running server, and the same module query without HTTP.
 * With --province the same on 100,000 enterprises (PROVINCE_DATABASE_URL, default `azt_province`),
 * its lines prefixed `dashboard_province_`.
 */
async function dashboardBench(prefix: string, defaultName: string, enterprises: number, workers: number) {
  const scaleUrl =
    (prefix === 'dashboard' ? process.env.SCALE_DATABASE_URL : process.env.PROVINCE_DATABASE_URL) ??
    (() => {
      const u = new URL(server)
      u.pathname = `/${defaultName}`
      return u.toString()
    })()
  const scaleName = new URL(scaleUrl).pathname.slice(1)
  const exists = await admin.query('select 1 from pg_database where datname = $1', [scaleName])
  if (!exists.rowCount) await admin.query(`create database ${scaleName}`)
  // no statement timeout: a province's generation runs statements of minutes (the app's 60 s cut the first try short)
  const scale = await openDatabase({ url: scaleUrl, max: 4, timeouts: NO_TIMEOUTS })
  try {
    await migrateCity(scale.db)
    const { hasScaleData, seedScale, settleForReads } = await import('./seed-scale')
    if (!(await hasScaleData(scale.db))) {
      console.error(`# generating the city in ${scaleName} (npm run seed:scale), once`)
      await seedDatabase(scale.db, { demo: true })
      const summary = await seedScale(scale.db, {
        enterprises,
        workers,
        onProgress: (m: string) => console.error(`#   ${m}`),
      })
      await sql`analyze`.execute(scale.db)
      line(`${prefix}_seed_seconds`, summary.seconds, 's')
    }
    await settleForReads(scale.db)
    const size = await sql<{ mb: number }>`select pg_database_size(current_database()) / 1048576 as mb`.execute(scale.db)
    line(`${prefix}_database_mb`, size.rows[0]!.mb, 'MB')
    const sizes = await sql<{
      e: number
      w: number
    }>`select (select count(*)::int from enterprises) e, (select count(*)::int from employees) w`.execute(scale.db)
    console.error(`# city: ${sizes.rows[0]!.e} enterprises, ${sizes.rows[0]!.w} workers`)

    const regulator = actorFromUser(
      await scale.db.selectFrom('users').selectAll().where('username', '=', 'jz_yjj').executeTakeFirstOrThrow(),
    )
    const { dashboardFigures, listEnterprisesInScope } = await import('../../app/modules/regulators/regulators.server')
    const { contextFor } = await import('../../app/db.server')
    const { enterpriseListSchema } = await import('../../app/modules/regulators/schema')
    const counties = await scale.db.selectFrom('regions').select('code').where('code', 'like', '1407%').where('level', '=', 3).execute()
    const cases: [string, Record<string, string>][] = [
      ['default', {}],
      ['filter_industry', { industry: 'hazchem' }],
      ['filter_region', { region: counties[0]!.code }],
      ['filter_state_flagged', { state: 'flagged' }],
      ['filter_age_older', { age: 'older' }],
      ['filter_flag_stale', { flag: 'stale' }],
      ['filter_flag_confirmations', { flag: 'confirmations' }],
      ['filter_flag_certificates', { flag: 'certificates' }],
      ['filter_flag_drills', { flag: 'drills' }],
      ['filter_flag_items', { flag: 'items' }],
      ['filter_flag_orders', { flag: 'orders' }],
      ['filter_flag_hazard_stats', { flag: 'hazardStats' }],
      ['filter_search', { q: '化工' }],
      ['sort_name_desc', { sort: 'name', dir: 'desc' }],
      ['sort_industry', { sort: 'industry' }],
      ['sort_region', { sort: 'region' }],
      ['sort_workers_desc', { sort: 'workers', dir: 'desc' }],
      ['sort_reported_at', { sort: 'reportedAt' }],
      ['sort_flags_desc', { sort: 'flags', dir: 'desc' }],
      ['page_500', { page: '500' }],
    ]
    // the raw SQL of the same queries, through the module without HTTP or rendering
    // (the summary, charts and per-region shares are one query, dashboardFigures; the page's list is
    // the other, without its count, which the figures give)
    line(`${prefix}_sql_floor_p95`, await time(100, () => sql`select 1`.execute(scale.db)), 'ms')
    line(
      `${prefix}_summary_sql_p95`,
      await time(20, () => dashboardFigures(contextFor(scale.db, regulator), enterpriseListSchema.parse({}))),
      'ms',
    )
    for (const [name, params] of cases) {
      const query = enterpriseListSchema.parse(params)
      line(
        `${prefix}_${name}_sql_p95`,
        await time(20, () => listEnterprisesInScope(contextFor(scale.db, regulator), query, { count: false })),
        'ms',
      )
    }

    const { startServer } = await import('../e2e/server')
    const app = await startServer({ databaseUrl: scaleUrl })
    try {
      const login = await fetch(`${app.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url },
        body: new URLSearchParams({ identifier: 'jz_yjj', password: 'Anzetong@2026', redirectTo: '' }),
      })
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!
      const fetchText = async (path: string) => {
        const res = await fetch(`${app.url}${path}`, { headers: { cookie } })
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
        await res.text()
      }
      for (let i = 0; i < 5; i++) await fetchText('/regulator/enterprises')
      const floor = await time(60, () => fetchText('/healthz'))
      line(`${prefix}_http_floor_p95`, floor, 'ms')
      let worst = 0
      for (const [name, params] of cases) {
        const qs = new URLSearchParams(params).toString()
        const p = await time(20, () => fetchText(`/regulator/enterprises${qs ? `?${qs}` : ''}`))
        worst = Math.max(worst, p)
        line(`${prefix}_${name}_p95`, p, 'ms')
      }
      // the goal: every case within 4× the floor
      line(`${prefix}_worst_over_floor`, worst / floor, 'x')
      // The regulator's other list pages (issue 17), through the same server and session, beside the
      // same floor: 整改跟踪 (the department's orders, overdue first), 重大隐患 (open ones, then all), 履职台账.
      // The 一企一档 is left out: each view is logged for the enterprise, so timing it would write to the city.
      line(`${prefix}_orders_p95`, await time(20, () => fetchText('/regulator/orders')), 'ms')
      line(`${prefix}_hazards_p95`, await time(20, () => fetchText('/regulator/hazards')), 'ms')
      line(`${prefix}_hazards_all_p95`, await time(20, () => fetchText('/regulator/hazards?state=all')), 'ms')
      line(`${prefix}_ledger_p95`, await time(20, () => fetchText('/regulator/ledger')), 'ms')
      // jz_yjj keeps no book (the line above is the page saying so): the month being kept, with the
      // proposals read from the leader's activity, as its recorder opens it
      const book = await scale.db
        .selectFrom('leader_ledger_leaders as l')
        .innerJoin('users as u', 'u.id', 'l.recorder_user_id')
        .select('l.id')
        .where('u.username', '=', 'jz_yjj_clerk')
        .executeTakeFirst()
      if (book) {
        const clerk = await fetch(`${app.url}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url },
          body: new URLSearchParams({ identifier: 'jz_yjj_clerk', password: 'Anzetong@2026', redirectTo: '' }),
        })
        const clerkCookie = clerk.headers.get('set-cookie')?.split(';')[0]
        if (!clerkCookie) throw new Error(`jz_yjj_clerk could not sign in (${clerk.status})`)
        const { currentSheetMonth, monthKey } = await import('../../app/modules/leaderledger/rules')
        const monthPath = `/regulator/ledger/${book.id}/${monthKey(currentSheetMonth(new Date()))}`
        const fetchAsClerk = async () => {
          const res = await fetch(`${app.url}${monthPath}`, { headers: { cookie: clerkCookie } })
          if (res.status !== 200) throw new Error(`${monthPath} answered ${res.status}`)
          await res.text()
        }
        line(`${prefix}_ledger_month_p95`, await time(20, fetchAsClerk), 'ms')
      }
      const t0 = performance.now()
      await fetchText('/regulator/enterprises/export')
      line(`${prefix}_export_all_seconds`, (performance.now() - t0) / 1000, 's')
    } finally {
      await app.stop()
    }
  } finally {
    await scale.close()
  }
}

/**
 * The city is generated once and shared by every branch's bench: a branch behind another that has
 * already migrated it (a newer migration it does not know) measures it as it is, provided every one of
 * its own migrations is there; otherwise it migrates as usual (and Kysely refuses what is unknown).
 */
async function migrateCity(db: Parameters<typeof migrateToLatest>[0]) {
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db).then(
    (r) => new Set(r.rows.map((x) => x.name)),
    () => new Set<string>(),
  )
  const ours = Object.keys(migrations)
  const newer = [...applied].filter((n) => !ours.includes(n))
  if (newer.length && ours.every((n) => applied.has(n))) {
    console.error(`# the city has migrations this branch does not know (${newer.join(', ')}): measured as it is`)
    return
  }
  await migrateToLatest(db)
}
