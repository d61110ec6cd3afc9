import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { myConfirmations, verifyLedger } from '../../app/modules/acknowledgements/acknowledgements.server'
import { myTraining } from '../../app/modules/training/training.server'
import { todayInShanghai } from '../../app/utils/dates'
import type { Actor } from '../../app/modules/auth/actor'
import {
  dashboardSummary,
  enterpriseDossier,
  listEnterprisesInScope,
  regionFlagShares,
} from '../../app/modules/regulators/regulators.server'
import { enterpriseListSchema } from '../../app/modules/regulators/schema'
import { latestDuePeriods } from '../../app/modules/hazard-stats/rules'
import { dueMonths, previousPeriod } from '../../app/modules/dutylogs/rules'
import { homeOverview } from '../../app/modules/obligations/obligations.server'
import { addDays, addMonthsToMonth, shanghaiInstant } from '../../app/utils/calendar'
import { seedDatabase } from '../../seeds/seed'
import { demoTrainingCalendar } from '../../seeds/demo-history'
import { contextFor } from '../../app/db.server'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'

// The demo is alive (issue 14): a year of history written through the modules, valid ledgers,
// enterprises in different states; and the dashboard's per-region red-flag shares.

let t: TestDatabase
const q = (params: Record<string, string> = {}) => enterpriseListSchema.parse(params)

beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => {
  await t.destroy()
})

const TABLES = [
  'enterprises',
  'users',
  'duty_list_versions',
  'duty_list_events',
  'acknowledgements',
  'ledger_heads',
  'status_reports',
  'training_sessions',
  'training_attendance',
  'certificates',
  'emergency_plans',
  'drills',
  'evidence_files',
  'committee_meetings',
  'target_agreements',
  'inspections',
  'rectification_orders',
  'audit_events',
  'duty_log_months',
  'duty_log_entries',
  'duty_log_corrections',
  'assessments',
  'assessment_scores',
] as const

async function counts() {
  const out: Record<string, number> = {}
  for (const table of TABLES) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.owner)
    out[table] = r.rows[0]!.n
  }
  return out
}

describe('the demo data set', () => {
  it('holds a year of history: confirmations on a valid ledger anchored by signed reports', async () => {
    const c = await counts()
    expect(c.acknowledgements).toBeGreaterThanOrEqual(30)
    const ledger = await verifyLedger(t.owner)
    expect(ledger.broken).toEqual([])
    expect(ledger.checked).toBe(c.acknowledgements)
    const hs = await t.owner.selectFrom('enterprises').select('id').where('name', '=', '晋中市华晟化工有限公司').executeTakeFirstOrThrow()
    const reports = await t.owner
      .selectFrom('status_reports')
      .select(['published_at', 'ledger_seq'])
      .where('enterprise_id', '=', hs.id)
      .where('published_at', 'is not', null)
      .orderBy('published_at')
      .execute()
    expect(reports).toHaveLength(12)
    // anchored in order: each report's anchor is at or after the previous one's
    for (let i = 1; i < reports.length; i++)
      expect(Number(reports[i]!.ledger_seq)).toBeGreaterThanOrEqual(Number(reports[i - 1]!.ledger_seq))
    expect(ledger.anchors).toBeGreaterThanOrEqual(12)
    // re-published lists: 华晟 has posts with more than one version, and the newest waits for re-confirmations
    const versions = await t.owner
      .selectFrom('duty_list_versions')
      .select(['post_id', sql<number>`count(*)::int`.as('n')])
      .where('enterprise_id', '=', hs.id)
      .groupBy('post_id')
      .execute()
    expect(versions.filter((v) => v.n > 1).length).toBeGreaterThanOrEqual(3)
    // the evidence of the drills went through the evidence module: PDFs and PNGs as sniffed
    const files = await t.owner.selectFrom('evidence_files').select(['media_type']).where('enterprise_id', '=', hs.id).execute()
    expect(new Set(files.map((f) => f.media_type))).toEqual(new Set(['application/pdf', 'image/png']))
  })

  it('is dated by the commands’ own clock (ctx.now): events, audit rows and evidence carry their moment in the year', async () => {
    const hs = await t.owner.selectFrom('enterprises').select('id').where('name', '=', '晋中市华晟化工有限公司').executeTakeFirstOrThrow()
    const now = Date.now()
    const DAY = 86_400_000
    const oldest = async (table: 'duty_list_events' | 'audit_events', column: 'at') =>
      (await sql<{ t: Date }>`select min(${sql.ref(column)}) as t from ${sql.table(table)} where enterprise_id = ${hs.id}`.execute(t.owner))
        .rows[0]!.t
    // the first lists were approved about a year ago, and so say the approval trail and the audit log
    expect(now - new Date(await oldest('duty_list_events', 'at')).getTime()).toBeGreaterThan(360 * DAY)
    expect(now - new Date(await oldest('audit_events', 'at')).getTime()).toBeGreaterThan(360 * DAY)
    // each report was drafted an hour before the head signed it, both in the past
    const reports = await t.owner
      .selectFrom('status_reports')
      .select(['created_at', 'published_at'])
      .where('enterprise_id', '=', hs.id)
      .execute()
    for (const r of reports) expect(new Date(r.published_at!).getTime() - new Date(r.created_at).getTime()).toBe(3_600_000)
    // no demo record is stamped in the future
    const future = await sql<{ n: number }>`select count(*)::int as n from audit_events where at > ${new Date(now + DAY)}`.execute(t.owner)
    expect(future.rows[0]!.n).toBe(0)
  })

  it('gives 华晟化工 a 一企一档 with real records in all six areas, each read logged for it', async () => {
    const yjj = await actorOf(t.db, 'jz_yjj')
    const hs = await t.owner.selectFrom('enterprises').select('id').where('name', '=', '晋中市华晟化工有限公司').executeTakeFirstOrThrow()
    const file = await enterpriseDossier(contextFor(t.db, yjj), hs.id)
    // the six areas of every report, each with a figure in each of the twelve months
    expect(file.reports.reports).toHaveLength(12)
    expect(file.reports.series.map((s) => s.name)).toEqual(['责任制', '签字确认', '培训与持证', '预案与演练', '其他条款', '整改指令'])
    for (const s of file.reports.series)
      expect(
        s.points.filter((p) => p.value !== null),
        s.name,
      ).toHaveLength(12)
    for (const r of file.reports.reports) expect(r.ledgerAnchor?.hash).toMatch(/^[0-9a-f]{64}$/)
    // the items the records do not derive were declared, with their documents: 其他条款 is not all zero
    const others = file.reports.series.find((s) => s.name === '其他条款')!
    expect(others.points.at(-1)!.value).toBeGreaterThan(0)
    // and the records behind them: lists with their history, training with attendance, certificates,
    // plans and drills with their files, inspections with their orders
    expect(file.lists.posts.filter((p) => p.current).length).toBe(file.lists.posts.length)
    expect(file.lists.posts.filter((p) => p.history.length > 0).length).toBeGreaterThanOrEqual(3)
    expect(file.training.sessions.length).toBeGreaterThanOrEqual(6)
    expect(file.training.certificates.length).toBeGreaterThanOrEqual(10)
    expect(file.drills.plans.every((p) => p.files.length > 0)).toBe(true)
    expect(file.drills.drills.length).toBeGreaterThanOrEqual(4)
    for (const d of file.drills.drills)
      expect(d.files.map((f) => f.slotLabel)).toEqual(expect.arrayContaining(['演练方案', '演练脚本', '评估报告']))
    // the year's two inspections of the story, and those the 一岗双责台账 demo's leaders made
    expect(file.supervision.inspections.length).toBeGreaterThanOrEqual(2)
    const views = await t.owner.selectFrom('report_views').select('subject').where('enterprise_id', '=', hs.id).execute()
    expect(views.map((v) => v.subject)).toContain('一企一档')
  })

  it('gives the demo worker 孙鹏 hours, certificates and a pending re-confirmation of his own (我的履责)', async () => {
    const sun = await actorOf(t.db, '17735418902')
    const ctx = contextFor(t.db, sun)
    const today = todayInShanghai(ctx.now)
    // the 加氢 operators' list was re-published three days ago; he confirmed the earlier versions
    const lists = await myConfirmations(ctx, today)
    expect(lists.map((l) => l.state)).toContain('reconfirm')
    const year = Number(today.slice(0, 4))
    const mine = await myTraining(ctx, year, today)
    expect(mine.certificates.length).toBeGreaterThan(0)
    // hours this year once the year's training has opened (its first working day); before that, as on
    // 2 January, nobody has hours this year yet, and last year's are his to see
    const opened = demoTrainingCalendar(new Date()).sessions.some((s) => todayInShanghai(s.at).startsWith(`${year}-`))
    if (opened) {
      expect(mine.hours?.achieved).toBeGreaterThan(0)
      expect(mine.sessions.filter((s) => s.thisYear).length).toBeGreaterThan(0)
    } else {
      expect(mine.hours?.achieved).toBe(0)
      expect((await myTraining(ctx, year - 1, today)).hours?.achieved).toBeGreaterThan(0)
      expect(mine.sessions.length).toBeGreaterThan(0)
    }
  })

  it('gives 华晟化工 and 通达物流 a year of 履职记录 and of 考核 per their setting (issue 16)', async () => {
    const today = todayInShanghai()
    // the twelve months before the current one; the current month is left to be kept
    const year = dueMonths({ keepingSince: '2000-01-01', today })
    expect(year).toHaveLength(12)
    const periodsOf = (kind: 'month' | 'quarter') => {
      const out: string[] = []
      for (let p = previousPeriod(kind, today); p.to >= addDays(today, -365); p = previousPeriod(kind, p.from))
        // a period is assessed six days after it ends (seeds/duty-logs-demo.ts): on 2 January last quarter's is still to come
        if (shanghaiInstant(addDays(p.to, 6), 10).getTime() <= Date.now()) out.unshift(p.key)
      return out
    }
    for (const [name, kind, principal] of [
      ['晋中市华晟化工有限公司', 'quarter', 'board'],
      ['晋中通达物流运输有限公司', 'month', 'self'],
    ] as const) {
      const e = await t.owner.selectFrom('enterprises').select('id').where('name', '=', name).executeTakeFirstOrThrow()
      const settings = await t.owner
        .selectFrom('assessment_settings')
        .selectAll()
        .where('enterprise_id', '=', e.id)
        .executeTakeFirstOrThrow()
      expect([settings.period, settings.principal_assessor]).toEqual([kind, principal])
      const months = await t.owner
        .selectFrom('duty_log_months')
        .select(['employee_id', 'month', 'signed_at'])
        .where('enterprise_id', '=', e.id)
        .execute()
      expect(new Set(months.map((m) => m.month))).toEqual(new Set(year))
      const people = new Set(months.map((m) => m.employee_id))
      expect(people.size, name).toBeGreaterThanOrEqual(8)
      // most signed at the month's end, a few late (after the 10th of the next month)
      const signed = months.filter((m) => m.signed_at)
      const late = signed.filter((m) => todayInShanghai(new Date(m.signed_at!)) > `${addMonthsToMonth(m.month, 1)}-10`)
      expect(signed.length / (people.size * 12), name).toBeGreaterThan(0.85)
      expect(late.length, name).toBeGreaterThan(0)
      expect(late.length / signed.length, name).toBeLessThan(0.1)
      // 考核 for every period of the year, per the setting, with the 主要负责人 assessed as the enterprise named
      const assessments = await t.owner.selectFrom('assessments').selectAll().where('enterprise_id', '=', e.id).execute()
      expect([...new Set(assessments.map((a) => a.period_key))].sort(), name).toEqual(periodsOf(kind))
      expect(
        assessments.some((a) => a.assessor_kind === principal),
        name,
      ).toBe(true)
      for (const a of assessments) {
        expect(a.comment).not.toBe('')
        if (a.result === '不合格') expect(a.follow_up).toBeTruthy()
      }
      expect(assessments.filter((a) => a.seen_at).length / assessments.length, name).toBeGreaterThan(0.85)
    }
    const hs = await t.owner.selectFrom('enterprises').select('id').where('name', '=', '晋中市华晟化工有限公司').executeTakeFirstOrThrow()
    const results = await t.owner.selectFrom('assessments').select('result').where('enterprise_id', '=', hs.id).execute()
    expect(new Set(results.map((r) => r.result))).toEqual(new Set(['优秀', '合格', '不合格']))
    // 华晟化工 has months missing: its home's 下一步 says so
    const home = await homeOverview(contextFor(t.db, await actorOf(t.db, 'hs_admin'), { ip: null, userAgent: null }))
    expect(home.actions.some((a) => /个月的履职记录未签字/.test(a.text))).toBe(true)
  })

  it('is idempotent: seeding again changes nothing', async () => {
    const before = await counts()
    await seedDatabase(t.owner, { demo: true })
    expect(await counts()).toEqual(before)
  })

  it('shows the 应急管理局 enterprises in three different states', async () => {
    const yjj = await actorOf(t.db, 'jz_yjj')
    const names = async (state: string) => (await listEnterprisesInScope(contextFor(t.db, yjj), q({ state }))).rows.map((r) => r.name)
    // 通达 is the exemplary one: its 双重预防 register (items 13/14) was there before its reports, so
    // nothing is flagged
    const td = (await listEnterprisesInScope(contextFor(t.db, yjj), q({ q: '通达' }))).rows[0]!
    // …once its 负责人 have had the year's course before its latest report: until then nobody there has
    // this calendar year's hours, and item 6 (培训) is 未落实 by the app's rule (in the first days of
    // January, before the year's training opens)
    const report = await t.owner
      .selectFrom('status_reports')
      .select((eb) => eb.fn.max('created_at').as('at'))
      .where(
        'enterprise_id',
        '=',
        (await t.owner.selectFrom('enterprises').select('id').where('name', '=', '晋中通达物流运输有限公司').executeTakeFirstOrThrow()).id,
      )
      .executeTakeFirstOrThrow()
    const year = todayInShanghai().slice(0, 4)
    const trained = demoTrainingCalendar(new Date()).leaders.some(
      (d) => todayInShanghai(d).startsWith(`${year}-`) && d < new Date(report.at!),
    )
    expect(td.flags).toEqual(trained ? [] : ['items'])
    expect(td.reportId).not.toBeNull()
    if (trained) expect(await names('ok')).toContain('晋中通达物流运输有限公司')
    expect(await names('flagged')).toContain('晋中市华晟化工有限公司')
    expect(await names('never')).toContain('山西晋建建设工程有限公司')
    const hs = (await listEnterprisesInScope(contextFor(t.db, yjj), q({ q: '华晟' }))).rows[0]!
    expect(hs.flags).toEqual(expect.arrayContaining(['confirmations', 'certificates', 'orders']))
    expect(hs.flags).not.toContain('stale')
    // 太原: the enterprise that stopped reporting is stale
    const tyy = await actorOf(t.db, 'ty_yjj')
    const xy = (await listEnterprisesInScope(contextFor(t.db, tyy), q())).rows[0]!
    expect(xy.flags).toContain('stale')
    expect(xy.reportId).not.toBeNull()
  })
})

describe('per-region red-flag shares', () => {
  let regulator: Actor
  const DAY = 86_400_000

  beforeAll(async () => {
    // a city of our own (阳泉市, three counties) with enterprises whose latest figures we choose
    await t.owner
      .insertInto('regions')
      .values([
        { code: '140300', name: '阳泉市', parent_code: '140000', level: 2 },
        { code: '140302', name: '城区', parent_code: '140300', level: 3 },
        { code: '140303', name: '矿区', parent_code: '140300', level: 3 },
        { code: '140311', name: '郊区', parent_code: '140300', level: 3 },
      ])
      .onConflict((oc) => oc.column('code').doNothing())
      .execute()
    const dept = await t.owner
      .insertInto('departments')
      .values({ name: '阳泉市应急管理局', kind: 'emergency', region_code: '140300' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const user = await t.owner
      .insertInto('users')
      .values({ username: 'yq_yjj', display_name: '阳泉市应急管理局监管员', password_hash: 'x', role: 'regulator', department_id: dept.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    regulator = { kind: 'regulator', userId: user.id, role: 'regulator', displayName: '阳泉', departmentId: dept.id }
    const now = Date.now()
    // county, industry, figures of the latest report (null: never reported), its age in days
    const plan: [string, string, Partial<Record<'overdue_confirmations' | 'missing_certificates', number>> | null, number][] = [
      ['140302', 'hazchem', { overdue_confirmations: 2 }, 3],
      ['140302', 'hazchem', { overdue_confirmations: 1, missing_certificates: 1 }, 5],
      ['140302', 'hazchem', {}, 10],
      ['140302', 'construction', null, 0],
      ['140303', 'hazchem', {}, 2],
      ['140303', 'hazchem', {}, 4],
      ['140311', 'hazchem', {}, 60],
    ]
    for (const [i, [region, industry, figures, age]] of plan.entries()) {
      const e = await t.owner
        .insertInto('enterprises')
        .values({
          name: `阳泉测试企业${i + 1}`,
          credit_code: `91140300TEST0000${i}`,
          industry_code: industry,
          region_code: region,
          address: '阳泉市',
          legal_representative: '测试',
          principal_name: '测试',
          phone: '0353-0000000',
          // registered long before the latest due 隐患统计分析表 period, so that period's table is owed
          created_at: new Date(now - 400 * DAY),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (!figures) continue
      const report = await t.owner
        .insertInto('status_reports')
        .values({ enterprise_id: e.id, snapshot: '{}', created_by: user.id, created_by_name: '测试' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await t.owner
        .insertInto('enterprise_report_status')
        .values({
          enterprise_id: e.id,
          report_id: report.id,
          published_at: new Date(now - age * DAY),
          workers: 10,
          overdue_confirmations: figures.overdue_confirmations ?? 0,
          missing_certificates: figures.missing_certificates ?? 0,
          overdue_drills: 0,
          items_unmet: 0,
        })
        .execute()
      // every enterprise that reports also signed its latest 隐患排查治理统计分析表 on time: only the one
      // that never reported carries the 隐患统计分析表逾期 flag
      for (const p of latestDuePeriods(todayInShanghai(new Date(now))))
        await t.owner
          .insertInto('hazard_stat_reports')
          .values({
            enterprise_id: e.id,
            period: p.key,
            period_start: p.start,
            period_end: p.end,
            due_on: p.dueOn,
            snapshot: '{}',
            created_by: user.id,
            created_by_name: '测试',
            created_at: new Date(`${p.dueOn}T08:00:00+08:00`),
            signed_by: user.id,
            signed_by_name: '测试',
            signed_post: '总经理',
            signed_at: new Date(`${p.dueOn}T09:00:00+08:00`),
          })
          .execute()
    }
  })

  it('gives each county the share of its enterprises with each flag', async () => {
    const page = await regionFlagShares(contextFor(t.db, regulator), q())
    expect(page.total).toBe(3)
    expect(page.rows.map((r) => [r.code, r.name, r.total])).toEqual([
      ['140302', '城区', 4],
      ['140303', '矿区', 2],
      ['140311', '郊区', 1],
    ])
    const [city, mine, suburb] = page.rows
    expect(city!.shares).toEqual({
      stale: 0.25,
      confirmations: 0.5,
      certificates: 0.25,
      drills: 0,
      items: 0,
      orders: 0,
      hazardStats: 0.25,
    })
    expect(city!.counts.confirmations).toBe(2)
    expect(Object.values(mine!.shares)).toEqual([0, 0, 0, 0, 0, 0, 0])
    expect(suburb!.shares.stale).toBe(1)
  })

  it('follows the filters and pages in SQL', async () => {
    // one industry: the never-reported 建筑施工 enterprise leaves 城区
    const hazchem = await regionFlagShares(contextFor(t.db, regulator), q({ industry: 'hazchem' }))
    expect(hazchem.rows[0]).toMatchObject({ code: '140302', total: 3, shares: { stale: 0, confirmations: 2 / 3 } })
    // past the last page: no rows, the same total
    expect(await regionFlagShares(contextFor(t.db, regulator), q({ rpage: '2', rsize: '10' }))).toMatchObject({
      rows: [],
      total: 3,
      page: 2,
    })
    // the charts' figures follow the same filters
    const all = await dashboardSummary(contextFor(t.db, regulator), q())
    expect(all).toMatchObject({ total: 7, ages: { never: 1, quarter: 1 } })
    expect(all.byRegion.map((r) => [r.name, r.total, r.flagged])).toEqual([
      ['城区', 4, 3],
      ['矿区', 2, 0],
      ['郊区', 1, 1],
    ])
    const county = await dashboardSummary(contextFor(t.db, regulator), q({ region: '140302' }))
    expect(county).toMatchObject({ total: 4, flags: { confirmations: 2, certificates: 1, stale: 1 } })
    expect((await dashboardSummary(contextFor(t.db, regulator), q({ industry: 'construction' }))).total).toBe(1)
    // another city's regulator sees none of it
    const yjj = await actorOf(t.db, 'jz_yjj')
    expect((await regionFlagShares(contextFor(t.db, yjj), q())).rows.map((r) => r.name)).not.toContain('城区')
  })
})
