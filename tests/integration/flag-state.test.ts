import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/types'
import { contextFor, type RequestContext } from '../../app/db.server'
import type { Actor } from '../../app/modules/auth/actor'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { dueState, latestDuePeriods, periodEndsAt, quarterPeriod, dueEnd } from '../../app/modules/hazard-stats/rules'
import { generateHazardStats, signHazardStats } from '../../app/modules/hazard-stats/stats.server'
import { dashboardFigures, listEnterprisesInScope } from '../../app/modules/regulators/regulators.server'
import { enterpriseListSchema, RED_FLAG_KEYS, type RedFlag } from '../../app/modules/regulators/schema'
import { isReportStale } from '../../app/modules/reports/rules'
import { isOrderOverdue } from '../../app/modules/supervision/rules'
import type { RectificationStatus } from '../../db/types'
import { todayInShanghai } from '../../app/utils/dates'
import { actorOf } from './duty-helpers'
import { createTestDatabase, testServerUrl, type TestDatabase } from './helpers'

// The dashboard's red flags are counted from enterprise_flag_state, one row per enterprise kept by
// triggers from the latest report, the orders and the 隐患统计分析表 (migration 20261206020000), with
// the request's clock applied when it reads (issue 17). The proof: after each kind of change, the kept
// rows equal their definition recomputed from the sources, and at instants on both sides of every due
// moment (the table's due day, an order's deadline, a report's month) every enterprise's flags in the
// list, each flag's filter and every figure equal what rules.ts says of the raw source rows.

let t: TestDatabase
let dir: string
const client = { ip: '203.0.113.7', userAgent: 'vitest' }
const as: Record<string, Actor> = {}
const T = (local: string) => new Date(`${local}+08:00`)
const Q3 = quarterPeriod(2029, 3)

function act<R>(who: string, now: Date, work: (ctx: RequestContext) => Promise<R>): Promise<R> {
  return t.db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${as[who]!.userId}, true)`.execute(trx)
    return work(contextFor(trx, as[who]!, client, now))
  })
}
const ok = <R extends { ok: boolean }>(r: R) => {
  if (!r.ok) throw new Error(JSON.stringify(r))
  return r
}

/** The kept rows that differ from their definition, either way (none when the triggers kept up). */
async function drift(db: Kysely<Database> = t.owner) {
  const { rows } = await sql<{ side: string; enterprise_id: string }>`
    (select 'kept' as side, enterprise_id::text from (select * from enterprise_flag_state except select * from enterprise_flag_state_source) a)
    union all
    (select 'source' as side, enterprise_id::text from (select * from enterprise_flag_state_source except select * from enterprise_flag_state) b)`.execute(
    db,
  )
  return rows
}

/** Every flag of every enterprise in the regulator's scope, as rules.ts says from the raw rows at `now`. */
async function expectedFlags(ids: string[], now: Date): Promise<Map<string, RedFlag[]>> {
  const today = todayInShanghai(now)
  const db = t.owner
  const enterprises = await db.selectFrom('enterprises').select(['id', 'created_at']).where('id', 'in', ids).execute()
  const status = new Map((await db.selectFrom('enterprise_report_status').selectAll().execute()).map((s) => [s.enterprise_id, s]))
  const orders = await db.selectFrom('rectification_orders').select(['enterprise_id', 'status', 'due_date']).execute()
  const stats = await db.selectFrom('hazard_stat_reports').select(['enterprise_id', 'period', 'due_on', 'signed_at']).execute()
  const due = latestDuePeriods(today)
  const out = new Map<string, RedFlag[]>()
  for (const e of enterprises) {
    const s = status.get(e.id)
    const flags: Record<RedFlag, boolean> = {
      stale: isReportStale(s ? new Date(s.published_at) : null, now),
      confirmations: (s?.overdue_confirmations ?? 0) > 0,
      certificates: (s?.missing_certificates ?? 0) > 0,
      drills: (s?.overdue_drills ?? 0) > 0,
      items: (s?.items_unmet ?? 0) > 0,
      orders: orders.some(
        (o) => o.enterprise_id === e.id && isOrderOverdue({ status: o.status as RectificationStatus, dueDate: o.due_date }, today),
      ),
      hazardStats: due.some(
        (p) =>
          new Date(e.created_at) < periodEndsAt(p) &&
          !stats.some(
            (r) => r.enterprise_id === e.id && r.period === p.key && r.signed_at && dueState(p, new Date(r.signed_at), now) === 'on_time',
          ),
      ),
    }
    out.set(
      e.id,
      RED_FLAG_KEYS.filter((k) => flags[k]),
    )
  }
  return out
}

const listQuery = (extra: Record<string, string> = {}) => enterpriseListSchema.parse({ size: '100', ...extra })

/** The dashboard at `now` against rules.ts: each row's flags, each flag's filter, the figures. */
async function expectDashboardTrue(now: Date) {
  const ctx = contextFor(t.db, as.jz_yjj!, client, now)
  const page = await listEnterprisesInScope(ctx, listQuery())
  expect(page.total).toBe(page.rows.length) // the whole scope on one page
  const expected = await expectedFlags(
    page.rows.map((r) => r.id),
    now,
  )
  const seen = Object.fromEntries(page.rows.map((r) => [r.name, r.flags]))
  const want = Object.fromEntries(page.rows.map((r) => [r.name, expected.get(r.id)]))
  expect(seen).toEqual(want)
  const { summary } = await dashboardFigures(ctx, { ...listQuery(), rpage: 1, rsize: 50 })
  expect(summary.total).toBe(page.rows.length)
  expect(summary.flagged).toBe(page.rows.filter((r) => expected.get(r.id)!.length > 0).length)
  expect(summary.ages.never).toBe(page.rows.filter((r) => r.reportedAt === null).length)
  for (const flag of RED_FLAG_KEYS) {
    const holders = page.rows.filter((r) => expected.get(r.id)!.includes(flag)).map((r) => r.name)
    expect({ flag, count: summary.flags[flag] }).toEqual({ flag, count: holders.length })
    const filtered = await listEnterprisesInScope(ctx, listQuery({ flag }))
    expect({ flag, names: filtered.rows.map((r) => r.name).sort() }).toEqual({ flag, names: holders.sort() })
  }
  // the figures (from the kept rows alone) and the list (enterprises joined to them) select the same
  // enterprises under every filter
  const hsRow = await t.owner
    .selectFrom('enterprises')
    .select(['region_code', 'industry_code'])
    .where('id', '=', hs)
    .executeTakeFirstOrThrow()
  const filters: Record<string, string>[] = [
    { region: hsRow.region_code },
    { industry: hsRow.industry_code },
    { q: '华晟' },
    { q: 'flag00' },
    { state: 'flagged' },
    { state: 'ok' },
    { state: 'never' },
    ...['month', 'quarter', 'older', 'never'].map((age) => ({ age })),
    ...RED_FLAG_KEYS.map((flag) => ({ flag, industry: hsRow.industry_code })),
  ]
  for (const filter of filters) {
    const listed = await listEnterprisesInScope(ctx, listQuery(filter))
    const figures = await dashboardFigures(ctx, { ...listQuery(filter), rpage: 1, rsize: 50 })
    expect({ filter, total: figures.summary.total }).toEqual({ filter, total: listed.rows.length })
  }
  const never = await listEnterprisesInScope(ctx, listQuery({ state: 'never' }))
  expect(never.rows.map((r) => r.id).sort()).toEqual(
    page.rows
      .filter((r) => r.reportedAt === null)
      .map((r) => r.id)
      .sort(),
  )
  return expected
}

let hs: string
let jj: string
/** an enterprise of the regulator's scope with no history: the orders' story is its own */
let fresh: string
let department: { id: string; name: string }

async function insertOrder(db: Kysely<Database>, enterpriseId: string, dueDate: string, no: string) {
  return (
    await db
      .insertInto('rectification_orders')
      .values({
        enterprise_id: enterpriseId,
        department_id: department.id,
        department_name: department.name,
        document_no: no,
        issued_by: as.jz_yjj!.userId,
        issued_by_name: '测试',
        due_date: dueDate,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
}

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-flagstate-'))
  useEvidenceStore(localStore(dir))
  for (const u of ['hs_admin', 'hs_head', 'jj_admin', 'jj_head', 'jz_yjj']) as[u] = await actorOf(t.db, u)
  const { rows } = await sql<{ id: string }>`insert into enterprises (name, credit_code, industry_code, region_code, principal_name, phone)
    select '红旗测试企业', '91140700MA0FLAG00X', e.industry_code, e.region_code, e.principal_name, e.phone from enterprises e
    join users u on u.enterprise_id = e.id where u.username = 'hs_admin' returning id::text`.execute(t.owner)
  fresh = rows[0]!.id
  // the story runs in 2029's third quarter (after anything the demo, seeded at today's date, has signed): the demo enterprises were registered before it
  await sql`update enterprises set created_at = ${T('2029-01-01T00:00:00').toISOString()}::timestamptz`.execute(t.owner)
  hs = as.hs_admin!.kind === 'enterprise' ? as.hs_admin!.enterpriseId : ''
  jj = as.jj_admin!.kind === 'enterprise' ? as.jj_admin!.enterpriseId : ''
  department = await t.owner
    .selectFrom('users as u')
    .innerJoin('departments as d', 'd.id', 'u.department_id')
    .select(['d.id', 'd.name'])
    .where('u.username', '=', 'jz_yjj')
    .executeTakeFirstOrThrow()
})

afterAll(async () => {
  await t?.destroy()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the dashboard flags from enterprise_flag_state', () => {
  it('the migration and the demo leave every enterprise a row equal to its sources', async () => {
    expect(await drift()).toEqual([])
    const { rows } = await sql<{ n: number; m: number }>`
      select (select count(*)::int from enterprises) as n, (select count(*)::int from enterprise_flag_state) as m`.execute(t.owner)
    expect(rows[0]!.m).toBe(rows[0]!.n)
  })

  it('follows the 统计分析表 signed in time and late, across its due instant', async () => {
    const dueAt = dueEnd(Q3)
    const before = new Date(dueAt.getTime() - 60_000)
    const after = new Date(dueAt.getTime() + 60_000)
    const hsId = ok(await act('hs_admin', T('2029-10-08T09:00:00'), (ctx) => generateHazardStats(ctx, Q3.key))) as { id: string }
    const jjId = ok(await act('jj_admin', T('2029-10-08T09:00:00'), (ctx) => generateHazardStats(ctx, Q3.key))) as { id: string }
    expect(await drift()).toEqual([])
    ok(await act('hs_head', before, (ctx) => signHazardStats(ctx, hsId.id)))
    expect(await drift()).toEqual([])
    await expectDashboardTrue(before)
    ok(await act('jj_head', after, (ctx) => signHazardStats(ctx, jjId.id)))
    expect(await drift()).toEqual([])
    // just after the due instant Q3 is the latest due period: 华晟 signed in time, the other late
    const at = await expectDashboardTrue(after)
    expect(at.get(hs)).not.toContain('hazardStats')
    expect(at.get(jj)).toContain('hazardStats')
    // a day later, and once the next period (the fourth quarter and the year) falls due
    await expectDashboardTrue(new Date(after.getTime() + 86_400_000))
    const next = latestDuePeriods('2030-03-01')
    await expectDashboardTrue(new Date(dueEnd(next[0]!).getTime() + 1000))
  })

  it('follows orders issued, moved, answered and returned, across their deadline', async () => {
    const a = await insertOrder(t.owner, fresh, '2029-11-10', 'FLAG-1')
    const b = await insertOrder(t.owner, fresh, '2029-11-20', 'FLAG-2')
    expect(await drift()).toEqual([])
    for (const day of ['2029-11-10T23:59:00', '2029-11-11T00:00:00', '2029-11-20T12:00:00', '2029-11-21T00:00:01'])
      await expectDashboardTrue(T(day))
    // the earlier order answered: the later one's deadline is what remains
    await t.owner.transaction().execute(async (trx) => {
      await trx
        .insertInto('rectification_events')
        .values({ enterprise_id: fresh, order_id: a, kind: 'answer', note: '已整改', by_user_id: as.hs_admin!.userId, by_name: '测试' })
        .execute()
      await trx
        .updateTable('rectification_orders')
        .set({ status: 'answered' })
        .where('enterprise_id', '=', fresh)
        .where('id', '=', a)
        .execute()
    })
    expect(await drift()).toEqual([])
    const mid = await expectDashboardTrue(T('2029-11-15T09:00:00'))
    expect(mid.get(fresh)).not.toContain('orders')
    // returned after its deadline: overdue at once (a return does not move the deadline)
    await t.owner.transaction().execute(async (trx) => {
      const answer = await trx
        .selectFrom('rectification_events')
        .select('id')
        .where('enterprise_id', '=', fresh)
        .where('order_id', '=', a)
        .where('kind', '=', 'answer')
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('rectification_events')
        .values({
          enterprise_id: fresh,
          order_id: a,
          kind: 'return',
          note: '不合格',
          by_user_id: as.jz_yjj!.userId,
          by_name: '测试',
          answer_id: answer.id,
        })
        .execute()
      await trx
        .updateTable('rectification_orders')
        .set({ status: 'returned' })
        .where('enterprise_id', '=', fresh)
        .where('id', '=', a)
        .execute()
    })
    expect(await drift()).toEqual([])
    expect((await expectDashboardTrue(T('2029-11-15T09:00:00'))).get(fresh)).toContain('orders')
    // the deadline moved later, then the order taken away
    await t.owner
      .updateTable('rectification_orders')
      .set({ due_date: '2029-12-31' })
      .where('enterprise_id', '=', fresh)
      .where('id', '=', a)
      .execute()
    expect(await drift()).toEqual([])
    await expectDashboardTrue(T('2029-11-25T09:00:00'))
    expect(b).toBeTruthy()
  })

  it('follows a report published, its figures and its age across the month', async () => {
    const row = await t.owner.selectFrom('enterprise_report_status').selectAll().where('enterprise_id', '=', hs).executeTakeFirstOrThrow()
    await t.owner
      .updateTable('enterprise_report_status')
      .set({ published_at: T('2029-10-15T10:00:00'), overdue_confirmations: 3, items_unmet: 0, missing_certificates: 1, overdue_drills: 0 })
      .where('enterprise_id', '=', hs)
      .execute()
    expect(await drift()).toEqual([])
    expect((await expectDashboardTrue(T('2029-11-15T09:59:59'))).get(hs)).not.toContain('stale')
    expect((await expectDashboardTrue(T('2029-11-15T10:00:01'))).get(hs)).toContain('stale')
    await t.owner
      .updateTable('enterprise_report_status')
      .set({ published_at: row.published_at, overdue_confirmations: row.overdue_confirmations })
      .where('enterprise_id', '=', hs)
      .execute()
    expect(await drift()).toEqual([])
  })

  it('gives a new enterprise its row, and keeps up when two orders of one enterprise change at once', async () => {
    await sql`insert into enterprises (name, credit_code, industry_code, region_code, principal_name, phone)
      select '红旗测试新企业', '91140700MA0FLAG01X', industry_code, region_code, principal_name, phone from enterprises where id = ${hs}`.execute(
      t.owner,
    )
    expect(await drift()).toEqual([])
    // the platform moves an enterprise to another 所在地区: its row follows
    const other = await t.owner
      .selectFrom('regions')
      .select('code')
      .where('code', 'like', '1407%')
      .where('code', '<>', '140700')
      .orderBy('code', 'desc')
      .executeTakeFirstOrThrow()
    await t.owner.updateTable('enterprises').set({ region_code: other.code }).where('id', '=', fresh).execute()
    expect(await drift()).toEqual([])
    await expectDashboardTrue(T('2029-11-25T09:00:00'))
    // four transactions at once, each adding an order of one enterprise with its own deadline: each
    // locks the enterprise's row before reading the orders, so the last to commit sees the others'
    const days = ['2029-11-03', '2029-11-01', '2029-11-02', '2029-11-04']
    await Promise.all(days.map((d, i) => t.owner.transaction().execute((trx) => insertOrder(trx, jj, d, `FLAG-C${i}`))))
    expect(await drift()).toEqual([])
    const kept = await t.owner
      .selectFrom('enterprise_flag_state')
      .select('orders_due_min')
      .where('enterprise_id', '=', jj)
      .executeTakeFirstOrThrow()
    expect(kept.orders_due_min).toBe('2029-11-01')
  })

  it('cannot be written by the app', async () => {
    // on PostgreSQL the app's role reads the table only; the triggers write it as the owner
    if (!testServerUrl()) return
    await expect(sql`update enterprise_flag_state set items = true`.execute(t.db)).rejects.toThrow(/permission denied/)
    await expect(sql`select refresh_enterprise_flag_states()`.execute(t.db)).rejects.toThrow(/permission denied/)
  })
})
