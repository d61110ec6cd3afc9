import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor, withActor, type RequestContext } from '../../app/db.server'
import type { Actor } from '../../app/modules/auth/actor'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { latestDuePeriods } from '../../app/modules/hazard-stats/rules'
import {
  generateHazardStats,
  getHazardStats,
  hazardStatsForRegulator,
  readHazardStatsAsRegulator,
  signHazardStats,
} from '../../app/modules/hazard-stats/stats.server'
import {
  assignHazard,
  planHazard,
  rectifyHazard,
  reportHazard,
  superviseHazard,
  verifyHazard,
} from '../../app/modules/hazards/hazards.server'
import { homeOverview, obligationTracker } from '../../app/modules/obligations/obligations.server'
import { listEnterprisesInScope } from '../../app/modules/regulators/regulators.server'
import { enterpriseListSchema } from '../../app/modules/regulators/schema'
import { loader as regulatorStatsLoader } from '../../app/routes/regulator.enterprises.$enterpriseId.hazard-stats.$id'
import { action as signAction } from '../../app/routes/enterprise.hazard-stats.$id._index'
import { todayInShanghai } from '../../app/utils/dates'
import { actorOf } from './duty-helpers'
import { createTestDatabase, testServerUrl, type TestDatabase } from './helpers'
import { cookieFor, get, post, run, statusOf } from './requests'

// 隐患排查治理统计分析表 (16号令 §14): drawn up from the hazard records as at the period's end, signed
// once by the 主要负责人 only, frozen by the database, read by the departments in scope (logged).

let t: TestDatabase
let dir: string
const client = { ip: '203.0.113.9', userAgent: 'vitest' }
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)])
const as: Record<string, Actor> = {}
const onPostgres = () => !!testServerUrl()
const T = (local: string) => new Date(`${local}+08:00`)

/** One request of `who` at a chosen moment: the request's transaction, signed as the acting user (as withActor does). */
function act<R>(who: string, now: Date, work: (ctx: RequestContext) => Promise<R>): Promise<R> {
  return t.db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${as[who]!.userId}, true)`.execute(trx)
    return work(contextFor(trx, as[who]!, client, now))
  })
}
const ok = <R extends { ok: boolean }>(r: R) => {
  if (!r.ok) throw new Error(JSON.stringify(r))
  return r as Extract<R, { ok: true }>
}

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-hstats-'))
  useEvidenceStore(localStore(dir))
  for (const u of [
    'jj_admin',
    'jj_head',
    'hs_admin',
    'hs_head',
    'hs_vp_safety',
    'hs_safety_head',
    'hs_team',
    'hs_storage',
    '17735418902',
    'jz_yjj',
    'jz_zjj',
    'ty_yjj',
  ])
    as[u] = await actorOf(t.db, u)
  // this file's story runs from 2024: the demo enterprises were registered before it (a table is owed
  // only for a period that ended after the enterprise was registered)
  await sql`update enterprises set created_at = ${T('2024-01-01T00:00:00').toISOString()}::timestamptz`.execute(t.owner)
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const hs = () => (as.hs_admin as { enterpriseId: string }).enterpriseId
const uid = (who: string) => as[who]!.userId

async function report(who: string, at: string, place: string, photo = false) {
  const r = await act(who, T(at), (ctx) =>
    reportHazard(ctx, { place, description: `${place}发现的隐患` }, photo ? [{ name: '现场.jpg', bytes: JPG }] : []),
  )
  return ok(r).hazardId
}
const general = (responsible: string, deadline: string, funds: string) => ({
  grade: 'general',
  responsibleUserId: uid(responsible),
  measures: '按要求整改',
  deadline,
  funds,
})

let q2: string

describe('drawing up a quarter from the records', () => {
  it('counts 2025年第二季度 as at its end, whenever it is drawn up', async () => {
    // 一般, reported by a worker, closed within the quarter
    const a = await report('17735418902', '2025-04-10T09:00:00', '合成车间泵房', true)
    ok(await act('hs_admin', T('2025-04-10T10:00:00'), (ctx) => assignHazard(ctx, a, general('hs_team', '2025-04-20', '500'))))
    ok(await act('hs_team', T('2025-04-15T10:00:00'), (ctx) => rectifyHazard(ctx, a, { note: '已整改完毕' }, [])))
    ok(await act('hs_safety_head', T('2025-04-16T10:00:00'), (ctx) => verifyHazard(ctx, a, { decision: 'pass', note: '合格' })))
    // 一般, past its deadline at the quarter's end, rectified only after it
    const b = await report('hs_admin', '2025-05-01T09:00:00', '储罐区')
    ok(await act('hs_admin', T('2025-05-01T10:00:00'), (ctx) => assignHazard(ctx, b, general('hs_storage', '2025-06-10', '1000'))))
    ok(await act('hs_storage', T('2025-07-03T10:00:00'), (ctx) => rectifyHazard(ctx, b, { note: '已整改完毕' }, [])))
    // 重大, under 督办 and governing at the end
    const c = await report('hs_admin', '2025-05-20T09:00:00', '加氢反应区')
    ok(
      await act('hs_admin', T('2025-05-20T10:00:00'), (ctx) =>
        assignHazard(ctx, c, {
          ...general('hs_team', '2025-08-31', '200000'),
          grade: 'major',
          situation: '紧急停车系统联锁被旁路，系维护不到位',
          severity: '超温超压时不能自动停车，须停车更换回路，整改难度较大',
          stopWork: 'on',
          stopWorkNote: '加氢装置停车',
          workersCongressOn: '2025-05-19',
        }),
      ),
    )
    ok(await act('jz_yjj', T('2025-05-22T10:00:00'), (ctx) => superviseHazard(ctx, hs(), c, { deadline: '2025-08-31', note: '限期整改' })))
    ok(
      await act('hs_admin', T('2025-05-23T10:00:00'), (ctx) =>
        planHazard(ctx, c, {
          goal: '恢复联锁',
          method: '更换回路',
          funds: '20万元',
          organisation: '设备部',
          timeline: '8月底前',
          safety: '停车置换',
        }),
      ),
    )
    // found in the quarter's last hour, graded after it: 待定级 at the end
    const d = await report('hs_admin', '2025-06-30T23:00:00', '装车站台')
    ok(await act('hs_admin', T('2025-07-01T09:00:00'), (ctx) => assignHazard(ctx, d, general('hs_storage', '2025-07-10', '0'))))
    // found after the quarter: not in it
    await report('hs_admin', '2025-07-02T09:00:00', '仓库')

    // not before the quarter has ended; not by a head
    expect(await act('hs_admin', T('2025-06-30T23:30:00'), (ctx) => generateHazardStats(ctx, '2025-Q2'))).toEqual({
      ok: false,
      fieldErrors: { period: '2025年第二季度尚未结束，结束后才能统计' },
    })
    expect(await act('hs_admin', T('2025-07-05T09:00:00'), (ctx) => generateHazardStats(ctx, '2025-Q5'))).toEqual({
      ok: false,
      fieldErrors: { period: '请选择统计期间' },
    })
    await expect(act('hs_head', T('2025-07-05T09:00:00'), (ctx) => generateHazardStats(ctx, '2025-Q2'))).rejects.toMatchObject({
      status: 403,
    })

    q2 = ok(await act('hs_admin', T('2025-07-05T09:00:00'), (ctx) => generateHazardStats(ctx, '2025-Q2'))).id
    // a second draw-up is the same table
    expect(await act('hs_admin', T('2025-07-06T09:00:00'), (ctx) => generateHazardStats(ctx, '2025-Q2'))).toEqual({ ok: true, id: q2 })
    const table = await act('hs_admin', T('2025-07-06T09:00:00'), (ctx) => getHazardStats(ctx, q2))
    expect(table.period).toMatchObject({ key: '2025-Q2', dueOn: '2025-07-15' })
    expect(table.snapshot.general).toEqual({ found: 2, rectified: 1, rate: 50, closedInPeriod: 1, openAtEnd: 1, overdueAtEnd: 1 })
    expect(table.snapshot.major).toEqual({ found: 1, rectified: 0, rate: 0, closedInPeriod: 0, openAtEnd: 1, overdueAtEnd: 0 })
    expect(table.snapshot.total).toMatchObject({ found: 4, rectified: 1, openAtEnd: 3 })
    expect(table.snapshot.ungraded).toBe(1)
    expect(table.snapshot.bySource).toEqual({ self: 3, check: 0, worker: 1, regulator: 0 })
    expect(table.snapshot.majorStatus).toEqual({ supervised: 1, governing: 1, awaitingWriteOff: 0, writtenOff: 0 })
    expect(table.snapshot.funds).toEqual({ committed: 201500, completed: 500 })
    expect(table).toMatchObject({ signedAt: null, state: 'pending', canSign: false })
  })
})

describe('signing', () => {
  it('only the 主要负责人 signs, after the confirm step; once', async () => {
    await expect(act('hs_vp_safety', T('2025-07-10T10:00:00'), (ctx) => signHazardStats(ctx, q2))).rejects.toMatchObject({ status: 403 })
    await expect(act('hs_admin', T('2025-07-10T10:00:00'), (ctx) => signHazardStats(ctx, q2))).rejects.toMatchObject({ status: 403 })
    // the route refuses a post without confirm=1, and a role that does not sign
    const head = await cookieFor(t.db, 'hs_head')
    const unconfirmed = await run(signAction, post(`/enterprise/hazard-stats/${q2}`, {}, head), { id: q2 })
    expect(statusOf(unconfirmed)).toBe(400)
    const admin = await cookieFor(t.db, 'hs_admin')
    expect(statusOf(await run(signAction, post(`/enterprise/hazard-stats/${q2}`, { confirm: '1' }, admin), { id: q2 }))).toBe(403)
    expect(
      (await t.db.selectFrom('hazard_stat_reports').select('signed_at').where('id', '=', q2).executeTakeFirstOrThrow()).signed_at,
    ).toBeNull()

    expect(await act('hs_head', T('2025-07-15T23:59:00'), (ctx) => getHazardStats(ctx, q2))).toMatchObject({ canSign: true })
    expect(await act('hs_head', T('2025-07-15T23:59:00'), (ctx) => signHazardStats(ctx, q2))).toEqual({ ok: true })
    expect(await act('hs_head', T('2025-07-16T09:00:00'), (ctx) => signHazardStats(ctx, q2))).toEqual({
      ok: false,
      message: '该统计分析表已签字报送',
    })
    const signed = await act('hs_head', T('2025-07-16T09:00:00'), (ctx) => getHazardStats(ctx, q2))
    expect(signed).toMatchObject({ signedBy: '赵志刚', signedPost: '总经理', state: 'on_time', canSign: false })
  })

  it('another enterprise’s admin or 主要负责人 reaches nothing of it by its id', async () => {
    await expect(act('jj_head', T('2025-07-16T09:00:00'), (ctx) => signHazardStats(ctx, q2))).rejects.toMatchObject({ status: 404 })
    await expect(act('jj_admin', T('2025-07-16T09:00:00'), (ctx) => getHazardStats(ctx, q2))).rejects.toMatchObject({ status: 404 })
    // 17735418902 is a worker of 华晟化工: the tables are not a worker's
    await expect(act('17735418902', T('2025-07-16T09:00:00'), (ctx) => getHazardStats(ctx, q2))).rejects.toMatchObject({ status: 403 })
  })

  it('a signed table cannot be changed or removed by the app’s own role, even by SQL', async () => {
    const attempts = [
      sql`update hazard_stat_reports set snapshot = '{}'::jsonb where id = ${q2}`,
      sql`update hazard_stat_reports set signed_at = now(), signed_by_name = '他人' where id = ${q2}`,
      sql`update hazard_stat_reports set signed_at = null, signed_by = null, signed_by_name = null, signed_post = null where id = ${q2}`,
      sql`delete from hazard_stat_reports where id = ${q2}`,
    ]
    for (const attempt of attempts) await expect(attempt.execute(t.db)).rejects.toThrow()
    // even with the owner's handle the trigger holds
    await expect(sql`update hazard_stat_reports set snapshot = '{}'::jsonb where id = ${q2}`.execute(t.owner)).rejects.toThrow(/frozen/)
    const row = await t.db.selectFrom('hazard_stat_reports').selectAll().where('id', '=', q2).executeTakeFirstOrThrow()
    expect(row.snapshot.general.found).toBe(2)
    expect(row.signed_by_name).toBe('赵志刚')
  })

  it('an unsigned draft’s figures cannot be changed either, and the app role cannot insert a signed one', async ({ skip }) => {
    const q1 = ok(await act('hs_admin', T('2025-05-01T09:00:00'), (ctx) => generateHazardStats(ctx, '2025-Q1'))).id
    await expect(sql`update hazard_stat_reports set snapshot = '{}'::jsonb where id = ${q1}`.execute(t.db)).rejects.toThrow()
    if (!onPostgres()) skip()
    const head = await t.db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'hs_head').executeTakeFirstOrThrow()
    await expect(
      sql`insert into hazard_stat_reports (enterprise_id, period, period_start, period_end, due_on, snapshot, created_by, created_by_name, created_at,
            signed_by, signed_by_name, signed_post, signed_at)
          values (${hs()}, '2024-Q1', '2024-01-01', '2024-03-31', '2024-04-15', '{}'::jsonb, ${head.id}, ${head.display_name}, now(),
            ${head.id}, ${head.display_name}, '总经理', now())`.execute(t.db),
    ).rejects.toMatchObject({ code: '23514' })
  })

  it('twenty signatures at once sign once; twenty draw-ups at once make one table', async () => {
    const drafts = await Promise.all(
      Array.from({ length: 20 }, () => withActor(as.hs_admin!, client, (ctx) => generateHazardStats(ctx, '2024-Y'))),
    )
    const ids = new Set(drafts.map((d) => ok(d).id))
    expect(ids.size).toBe(1)
    const [id] = [...ids]
    const signatures = await Promise.all(
      Array.from({ length: 20 }, () => withActor(as.hs_head!, client, (ctx) => signHazardStats(ctx, id!))),
    )
    expect(signatures.filter((s) => s.ok)).toHaveLength(1)
    expect(signatures.filter((s) => !s.ok)).toHaveLength(19)
    const audits = await t.db
      .selectFrom('audit_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('action', '=', 'hazard_stats.sign')
      .where('target', '=', id!)
      .executeTakeFirstOrThrow()
    expect(audits.n).toBe(1)
    const rows = await t.db
      .selectFrom('hazard_stat_reports')
      .select(['id', 'signed_at'])
      .where('enterprise_id', '=', hs())
      .where('period', '=', '2024-Y')
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.signed_at).not.toBeNull()
  })
})

describe('the supervising departments', () => {
  it('the 应急管理局 reads the signed table on 一企一档, and the read is in the enterprise’s 查阅记录', async () => {
    const dossier = await act('jz_yjj', T('2025-07-20T09:00:00'), (ctx) => hazardStatsForRegulator(ctx, hs()))
    expect(dossier.tables.map((x) => x.id)).toContain(q2)
    expect(dossier.tables.find((x) => x.id === q2)).toMatchObject({ label: '2025年第二季度', state: 'on_time', signedBy: '赵志刚' })
    expect(dossier.latest).toEqual([{ label: '2025年第二季度', dueOn: '2025-07-15', state: 'on_time' }])
    const read = await act('jz_yjj', T('2025-07-20T09:00:00'), (ctx) => readHazardStatsAsRegulator(ctx, hs(), q2))
    expect(read.snapshot.general.found).toBe(2)
    const views = await t.db
      .selectFrom('report_views')
      .select(['subject', 'department_name'])
      .where('enterprise_id', '=', hs())
      .where('subject', '=', '隐患排查治理统计分析表：2025年第二季度')
      .execute()
    expect(views).toEqual([{ subject: '隐患排查治理统计分析表：2025年第二季度', department_name: '晋中市应急管理局' }])
  })

  it('another department (住建局), another city, or an unsigned draft: not found, and nothing logged', async () => {
    const before = await t.db
      .selectFrom('report_views')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    for (const who of ['jz_zjj', 'ty_yjj']) {
      await expect(act(who, T('2025-07-20T09:00:00'), (ctx) => readHazardStatsAsRegulator(ctx, hs(), q2))).rejects.toMatchObject({
        status: 404,
      })
      await expect(act(who, T('2025-07-20T09:00:00'), (ctx) => hazardStatsForRegulator(ctx, hs()))).rejects.toMatchObject({ status: 404 })
    }
    const zjj = await cookieFor(t.db, 'jz_zjj')
    const res = await run(regulatorStatsLoader, get(`/regulator/enterprises/${hs()}/hazard-stats/${q2}`, zjj), {
      enterpriseId: hs(),
      id: q2,
    })
    expect(statusOf(res)).toBe(404)
    const draft = await t.db
      .selectFrom('hazard_stat_reports')
      .select('id')
      .where('enterprise_id', '=', hs())
      .where('period', '=', '2025-Q1')
      .executeTakeFirstOrThrow()
    await expect(act('jz_yjj', T('2025-07-20T09:00:00'), (ctx) => readHazardStatsAsRegulator(ctx, hs(), draft.id))).rejects.toMatchObject({
      status: 404,
    })
    const after = await t.db
      .selectFrom('report_views')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('missing or late is a red flag on the dashboard, and on item 14 and the home’s 下一步', async () => {
    const flagged = async (now: Date) => {
      const page = await act('jz_yjj', now, (ctx) =>
        listEnterprisesInScope(ctx, enterpriseListSchema.parse({ flag: 'hazardStats', size: '100' })),
      )
      // the rows' own flags (probed per row) agree with the filter (hashed over every enterprise)
      const all = await act('jz_yjj', now, (ctx) => listEnterprisesInScope(ctx, enterpriseListSchema.parse({ size: '100' })))
      expect(all.rows.filter((r) => r.flags.includes('hazardStats')).map((r) => r.name)).toEqual(
        page.rows.map((r) => r.name).sort((a, b) => all.rows.findIndex((r) => r.name === a) - all.rows.findIndex((r) => r.name === b)),
      )
      expect(page.rows.every((r) => r.flags.includes('hazardStats'))).toBe(true)
      return page.rows.map((r) => r.name)
    }
    // 2025-Q2 signed on its due day: not flagged in the weeks after
    expect(await flagged(T('2025-07-20T09:00:00'))).not.toContain('晋中市华晟化工有限公司')
    expect(await flagged(T('2025-07-20T09:00:00'))).toContain('山西晋建建设工程有限公司')
    // 2025-Q1 was drawn up but never signed: flagged while it is the latest due
    expect(await flagged(T('2025-04-16T00:00:00'))).toContain('晋中市华晟化工有限公司')
    // 2024: the year was signed (above) long after its due day, and the fourth quarter too: late is flagged like missing
    const q4 = ok(await withActor(as.hs_admin!, client, (ctx) => generateHazardStats(ctx, '2024-Q4'))).id
    ok(await withActor(as.hs_head!, client, (ctx) => signHazardStats(ctx, q4)))
    expect(await flagged(T('2025-02-10T09:00:00'))).toContain('晋中市华晟化工有限公司')
    // today: the demo's table of the latest due quarter was signed on time (seeds/hazard-stats-demo.ts)
    const today = todayInShanghai(new Date())
    expect(latestDuePeriods(today).length).toBeGreaterThan(0)
    expect(await flagged(new Date())).not.toContain('晋中市华晟化工有限公司')
    // years from now nothing is signed yet
    const later = T('2031-02-01T09:00:00')
    expect(await flagged(later)).toContain('晋中市华晟化工有限公司')
    const items = await act('hs_admin', later, (ctx) => obligationTracker(ctx))
    const item14 = items.find((i) => i.no === 14)!
    expect(item14.derived!.figures.find((f) => f.label === '统计分析表按期报送')).toMatchObject({
      value: '2030年第四季度逾期未报；2030年度逾期未报',
      bad: true,
    })
    expect(item14.derived!.explanation).toContain('2030年度隐患排查治理统计分析表逾期未报')
    const home = await act('hs_admin', later, (ctx) => homeOverview(ctx))
    expect(home.actions.map((a) => a.text)).toContain('2030年度隐患排查治理统计分析表逾期未报（应于2031-01-31前由主要负责人签字报送）')
  })

  it('an enterprise registered after a period is not flagged for its table', async () => {
    const flagged = async (now: Date) => {
      const page = await act('jz_yjj', now, (ctx) =>
        listEnterprisesInScope(ctx, enterpriseListSchema.parse({ flag: 'hazardStats', size: '100' })),
      )
      return page.rows.map((r) => r.name)
    }
    const home = await t.db
      .selectFrom('enterprises')
      .select(['region_code', 'industry_code'])
      .where('id', '=', hs())
      .executeTakeFirstOrThrow()
    const register = async (name: string, code: string, at: Date) =>
      t.owner
        .insertInto('enterprises')
        .values({ name, credit_code: code, industry_code: home.industry_code, region_code: home.region_code, created_at: at })
        .execute()
    // 2031-02-01: the fourth quarter and the year 2030 (both ending 2030-12-31 24:00) fell due on 31 January
    await register('晋中市新登记化工有限公司', '91140700NEWREG001', T('2031-01-05T10:00:00'))
    await register('晋中市年末登记化工有限公司', '91140700NEWREG002', T('2030-12-31T23:00:00'))
    const later = T('2031-02-01T09:00:00')
    const names = await flagged(later)
    // registered in January: owes nothing yet for 2030
    expect(names).not.toContain('晋中市新登记化工有限公司')
    // registered on the year's last evening: the periods ended after it, so their tables are owed
    expect(names).toContain('晋中市年末登记化工有限公司')
    expect(names).toContain('晋中市华晟化工有限公司')
    // a quarter later the one registered in January owes its first quarter like everyone else
    expect(await flagged(T('2031-05-01T09:00:00'))).toContain('晋中市新登记化工有限公司')
  })
})
