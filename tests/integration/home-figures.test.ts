// The home page's figures (the 二十条's items 1, 6 and 22, and the status report's) are read by
// count-only functions since the largest enterprise's home took two seconds. Each is proved here equal
// to what the lists themselves show, or to the computation it replaced, over an enterprise given every
// case (a transfer, a principal, a safety post, an archived post, future and ended assignments,
// certificates expired, not yet valid and due, signed and unsigned months) and across days.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor } from '../../app/db.server'
import { confirmationFigures, confirmationOverview } from '../../app/modules/acknowledgements/acknowledgements.server'
import { listPosts, postFigures } from '../../app/modules/duties/duties.server'
import { assessmentFigures, missingDutyLogFigures, missingDutyLogs } from '../../app/modules/dutylogs/dutylogs.server'
import { currentAssignmentsQuery } from '../../app/modules/org/org.server'
import { industryOfEnterprise } from '../../app/modules/reference/reference.server'
import { trainingHours, type TrainingRole } from '../../app/modules/training/rules'
import {
  certificateFigures,
  certificateOverview,
  employeeHours,
  hoursFigures,
  hoursOverview,
  trainingCard,
  trainingForRegulator,
} from '../../app/modules/training/training.server'
import type { Actor } from '../../app/modules/auth/actor'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'

let t: TestDatabase
let admin: Actor & { kind: 'enterprise' }
let eid: string
let jzYjj: Actor

const DAYS = ['2026-01-15', '2026-06-30', '2026-11-30', '2026-12-01', '2027-02-28', '2027-07-01']
const at = (day: string) => contextFor(t.db, admin, { ip: null, userAgent: 'vitest' }, new Date(`${day}T04:00:00Z`))

beforeAll(async () => {
  t = await createTestDatabase()
  const a = await actorOf(t.db, 'hs_admin')
  if (a.kind !== 'enterprise') throw new Error('admin')
  admin = a
  eid = a.enterpriseId
  jzYjj = await actorOf(t.db, 'jz_yjj')
  const o = t.owner
  const unit = await o
    .selectFrom('org_units')
    .select('id')
    .where('enterprise_id', '=', eid)
    .where('parent_id', 'is not', null)
    .executeTakeFirstOrThrow()
  const user = await o.selectFrom('users').select('id').where('username', '=', 'hs_admin').executeTakeFirstOrThrow()
  // posts of every kind the rules tell apart, one of them archived, two requiring certificates
  const post = async (name: string, tier: number, extra: { safety?: boolean; required?: string[]; archived?: boolean } = {}) =>
    (
      await o
        .insertInto('posts')
        .values({
          enterprise_id: eid,
          org_unit_id: unit.id,
          name,
          tier,
          is_safety_manager: extra.safety ?? false,
          in_charge_of_safety: false,
          is_unit_head: false,
          required_certificates: extra.required ?? [],
          archived_at: extra.archived ? new Date('2026-03-01T00:00:00Z') : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const principal = await post('测试总经理', 1)
  const safety = await post('测试安全员', 4, { safety: true, required: ['安全生产管理人员'] })
  const welder = await post('测试焊工', 5, { required: ['熔化焊接与热切割作业', '高处作业'] })
  const worker = await post('测试操作工', 5)
  const gone = await post('测试撤销岗位', 3, { archived: true })
  let phone = 13900001000
  const person = async (no: string, hiredOn: string) =>
    (
      await o
        .insertInto('employees')
        .values({
          enterprise_id: eid,
          name: `测试${no}`,
          employee_no: no,
          phone: String(phone++),
          employment_type: '正式',
          hired_on: hiredOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const assign = (employeeId: string, postId: string, startOn: string, endOn: string | null = null) =>
    o
      .insertInto('assignments')
      .values({ enterprise_id: eid, employee_id: employeeId, post_id: postId, start_on: startOn, end_on: endOn })
      .execute()
  const boss = await person('T001', '2019-05-01')
  await assign(boss, principal, '2026-04-10')
  await assign(boss, worker, '2019-05-01', '2026-04-09')
  const officer = await person('T002', '2026-02-01')
  await assign(officer, safety, '2026-02-01')
  await assign(officer, welder, '2026-08-15') // two current posts from August
  const transferred = await person('T003', '2020-01-01')
  await assign(transferred, worker, '2020-01-01', '2026-05-31')
  await assign(transferred, welder, '2026-06-01')
  const newcomer = await person('T004', '2027-01-10')
  await assign(newcomer, worker, '2027-01-10') // holds nothing until January 2027
  const archivedOnly = await person('T005', '2018-01-01')
  await assign(archivedOnly, gone, '2018-01-01')
  const leaver = await person('T006', '2018-01-01')
  await assign(leaver, safety, '2018-01-01', '2026-11-30') // last day on the last but one of the days
  // certificates: one in force, one expired, one not yet valid, one due for review soon
  const cert = (employeeId: string, kind: string, issuedOn: string, expiresOn: string, reviewDueOn: string | null = null) =>
    o
      .insertInto('certificates')
      .values({
        enterprise_id: eid,
        employee_id: employeeId,
        kind,
        number: `N${Math.random()}`,
        authority: '测试',
        issued_on: issuedOn,
        expires_on: expiresOn,
        review_due_on: reviewDueOn,
        created_by: user.id,
      })
      .execute()
  await cert(officer, '安全生产管理人员', '2026-02-10', '2029-02-09')
  await cert(officer, '熔化焊接与热切割作业', '2020-01-01', '2026-09-30')
  await cert(transferred, '熔化焊接与热切割作业', '2026-07-01', '2032-06-30', '2027-01-15')
  await cert(transferred, '高处作业', '2027-03-01', '2033-02-28')
  await cert(leaver, '安全生产管理人员', '2017-01-01', '2026-12-20')
  // 履职记录 signed for some months, one of them long ago
  for (const [employeeId, month] of [
    [officer, '2026-03'],
    [officer, '2026-10'],
    [boss, '2026-05'],
    [boss, '2025-01'],
  ] as const)
    await o
      .insertInto('duty_log_months')
      .values({
        enterprise_id: eid,
        employee_id: employeeId,
        month,
        created_at: new Date(),
        signed_by: user.id,
        signed_name: '测试',
        signed_posts: '测试',
        signed_at: new Date(),
      })
      .execute()
  // training: a session before hiring, a transfer induction, a failed and a held annual session
  const session = async (kind: string, level: string | null, heldOn: string, hours: number) =>
    (
      await o
        .insertInto('training_sessions')
        .values({
          enterprise_id: eid,
          topic: kind,
          kind: kind as never,
          level: level as never,
          status: 'held',
          held_on: heldOn,
          hours,
          trainer: '测试',
          place: '测试',
          created_by: user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const attend = (sessionId: string, employeeId: string, result: '合格' | '不合格' | null) =>
    o.insertInto('training_attendance').values({ enterprise_id: eid, session_id: sessionId, employee_id: employeeId, result }).execute()
  await attend(await session('转岗复岗', '车间级', '2026-06-02', 8), transferred, '合格')
  await attend(await session('负责人及安全管理人员', null, '2026-05-01', 32), boss, '合格')
  const annual = await session('年度再培训', null, '2026-09-01', 8)
  await attend(annual, officer, '不合格')
  await attend(annual, transferred, null)
})
afterAll(async () => {
  await t.destroy()
})

/** The hours as computed before the home's figures: each current assignment, every start and each session fetched, per person in TypeScript. */
async function referenceHours(day: string) {
  const db = t.db
  const industry = await industryOfEnterprise(db, eid)
  const current = await currentAssignmentsQuery(db, eid, day).execute()
  const all = await db
    .selectFrom('assignments')
    .select(['employee_id', 'start_on'])
    .where('enterprise_id', '=', eid)
    .orderBy('start_on')
    .execute()
  const employees = await db
    .selectFrom('employees')
    .select(['id', 'name', 'employee_no', 'hired_on'])
    .where('enterprise_id', '=', eid)
    .execute()
  const attended = await db
    .selectFrom('training_attendance as a')
    .innerJoin('training_sessions as s', (j) => j.onRef('s.enterprise_id', '=', 'a.enterprise_id').onRef('s.id', '=', 'a.session_id'))
    .select(['a.employee_id', 's.kind', 's.level', 's.held_on', 's.hours'])
    .where('a.enterprise_id', '=', eid)
    .where('s.status', '=', 'held')
    .where((eb) => eb.or([eb('a.result', 'is', null), eb('a.result', '=', '合格')]))
    .execute()
  const year = Number(day.slice(0, 4))
  return employees
    .map((e) => {
      const mine = current.filter((a) => a.employee_id === e.id)
      if (!mine.length) return null
      const principal = mine.filter((a) => a.tier === 1)
      const safety = mine.filter((a) => a.is_safety_manager)
      const role: TrainingRole = principal.length ? 'principal' : safety.length ? 'safety_manager' : 'worker'
      const since = role === 'principal' ? principal : role === 'safety_manager' ? safety : []
      const starts = all.filter((a) => a.employee_id === e.id).map((a) => String(a.start_on))
      const result = trainingHours(
        {
          role,
          roleSince: since.length ? since.map((a) => String(a.start_on)).sort()[0]! : null,
          hiredOn: e.hired_on,
          transferredOn: starts.length > 1 ? starts[starts.length - 1]! : null,
          year,
          sessions: attended
            .filter((a) => a.employee_id === e.id)
            .map((a) => ({ kind: a.kind, level: a.level, heldOn: a.held_on, hours: Number(a.hours) })),
        },
        { highRisk: industry.highRisk, construction: industry.code === 'construction' },
      )
      return {
        employeeId: e.id,
        name: e.name,
        employeeNo: e.employee_no,
        posts: mine.map((a) => a.post_name).sort(),
        units: mine.map((a) => a.unit_name),
        ...result,
      }
    })
    .filter((r): r is NonNullable<typeof r> => r !== null)
}

describe("the home page's figures equal the lists they summarise", () => {
  it('training hours: each current holder as the per-assignment computation found them, on every day', async () => {
    for (const day of DAYS) {
      const want = (await referenceHours(day)).sort((a, b) => a.employeeId.localeCompare(b.employeeId))
      const got = (await hoursOverview(at(day), Number(day.slice(0, 4)), day)).rows.sort((a, b) => a.employeeId.localeCompare(b.employeeId))
      expect(
        got.map((r) => r.employeeId),
        day,
      ).toEqual(want.map((r) => r.employeeId))
      // the home's figures and the regulator's 一企一档: the same people, and the same ones short
      const counts = { workers: want.length, short: want.filter((r) => r.shortfall > 0 || r.missingLevels.length > 0).length }
      expect(await hoursFigures(at(day), Number(day.slice(0, 4)), day), day).toEqual(counts)
      const regulator = contextFor(t.db, jzYjj, { ip: null, userAgent: 'vitest' }, new Date(`${day}T04:00:00Z`))
      expect(await trainingForRegulator(regulator, eid, Number(day.slice(0, 4)), day), day).toMatchObject(counts)
      // a worker's card: their own hours, as the list has them
      for (const r of got.slice(0, 3)) expect((await trainingCard(at(day), r.employeeId, Number(day.slice(0, 4)))).hours, day).toEqual(r)
      for (const [i, r] of got.entries()) {
        const { posts, units, ...rest } = want[i]!
        expect({ ...r, posts: r.posts.split('、').sort() }, `${day} ${r.employeeNo}`).toEqual({ ...rest, posts, unitName: r.unitName })
        expect(units).toContain(r.unitName)
        expect(await employeeHours(at(day), r.employeeId, Number(day.slice(0, 4)), day)).toEqual(r)
      }
      // the cases are there: a principal, a transfer this year, a person with two posts
      if (day === '2026-12-01') {
        const no = (n: string) => got.find((r) => r.employeeNo === n)
        expect(no('T001')!.basis).toContain('主要负责人初次')
        expect(no('T003')!.missingLevels).toEqual(['班组级（转岗/复岗）'])
        expect(no('T002')!.posts.split('、').sort()).toEqual(['测试安全员', '测试焊工'])
        expect(no('T004')).toBeUndefined()
        expect(no('T005')).toBeUndefined()
      }
    }
  })

  it('certificates: the people missing one and the certificates expired or due, on every day', async () => {
    let sawMissing = false
    for (const day of DAYS) {
      const list = await certificateOverview(at(day), day)
      const people = (problem?: string) =>
        new Set(list.missing.filter((m) => !problem || m.problem === problem).map((m) => m.employeeId)).size
      const want = {
        peopleMissing: people(),
        peopleUncertified: people('未持证'),
        expired: list.certificates.filter((c) => c.state === 'expired').length,
        expiring: list.certificates.filter((c) => c.state === 'expiring30' || c.state === 'expiring90').length,
      }
      expect(await certificateFigures(at(day), day), day).toEqual(want)
      sawMissing ||= want.peopleMissing > want.peopleUncertified && want.expired > 0 && want.expiring > 0
    }
    expect(sawMissing).toBe(true)
  })

  it('confirmations: requirements, confirmed, late and people overdue as the overview counts them, on every day', async () => {
    for (const day of DAYS) {
      const o = await confirmationOverview(at(day), { q: '', page: 1, size: 10, sort: 'state', dir: 'asc' }, day)
      const sum = (k: 'confirmed' | 'late' | 'total') => o.byUnit.reduce((n, u) => n + u[k], 0)
      expect(await confirmationFigures(at(day), day), day).toEqual({
        requiring: sum('total'),
        confirmed: sum('confirmed'),
        late: sum('late'),
        overduePeople: o.people.overdue,
      })
    }
  })

  it('履职记录: the people and months missing as the list shows them, on every day', async () => {
    for (const day of DAYS) {
      const list = (await missingDutyLogs(at(day))).filter((p) => p.missing.length)
      expect(await missingDutyLogFigures(at(day)), day).toEqual({
        people: list.length,
        months: list.reduce((n, p) => n + p.missing.length, 0),
      })
    }
    const dec = await missingDutyLogs(at('2026-12-01'))
    expect(dec.find((p) => p.employeeNo === 'T002')!.missing).not.toContain('2026-10')
    expect(dec.find((p) => p.employeeNo === 'T002')!.missing).toContain('2026-09')
  })

  it('posts: the totals of the posts list, all and published', async () => {
    const ctx = at('2026-12-01')
    const all = await listPosts(ctx, { q: '', page: 1, size: 10, sort: 'unit', dir: 'asc' })
    const published = await listPosts(ctx, { q: '', page: 1, size: 10, sort: 'unit', dir: 'asc', status: 'published' })
    expect(await postFigures(ctx)).toEqual({ posts: all.total, published: published.total })
    expect(all.total).toBeGreaterThan(published.total)
  })

  it('a worker gets none of the enterprise-wide figures', async () => {
    const worker = await actorOf(t.db, '17735418902')
    const ctx = contextFor(t.db, worker, { ip: null, userAgent: 'vitest' }, new Date('2026-12-01T04:00:00Z'))
    for (const figures of [
      () => confirmationFigures(ctx),
      () => certificateFigures(ctx),
      () => missingDutyLogFigures(ctx),
      () => postFigures(ctx),
      () => hoursOverview(ctx, 2026),
      () => hoursFigures(ctx, 2026),
    ])
      await expect(figures()).rejects.toMatchObject({ status: 403 })
  })

  it('考核: the pairs due and assessed as counted pair by pair, on every day', async () => {
    let sawAssessed = false
    for (const day of DAYS) {
      const ctx = at(day)
      const got = await assessmentFigures(ctx)
      const due = await t.db
        .selectFrom(currentAssignmentsQuery(t.db, eid, day).as('a'))
        .innerJoin('duty_list_versions as v', (j) =>
          j.onRef('v.post_id', '=', 'a.post_id').on('v.status', '=', 'published').on('v.enterprise_id', '=', eid),
        )
        .select(['a.employee_id', 'a.post_id'])
        .execute()
      const keys = new Set(due.map((d) => `${d.employee_id}:${d.post_id}`))
      const { rows } = await sql<{ employee_id: string; post_id: string; result: string; follow_up: string | null; period_key: string }>`
        select employee_id, post_id, result, follow_up, period_key from assessments where enterprise_id = ${eid}`.execute(t.db)
      const done = rows.filter((r) => keys.has(`${r.employee_id}:${r.post_id}`) && r.period_key === got.periodKey)
      const failed = done.filter((d) => d.result === '不合格')
      expect(got, day).toEqual({
        periodKey: got.periodKey,
        periodLabel: got.periodLabel,
        due: keys.size,
        assessed: done.length,
        failed: failed.length,
        failedWithFollowUp: failed.filter((d) => d.follow_up).length,
      })
      sawAssessed ||= got.assessed > 0 && got.due > got.assessed
    }
    expect(sawAssessed).toBe(true)
  })
})
