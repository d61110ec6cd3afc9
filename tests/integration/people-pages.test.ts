// The lists of people one page at a time — 考核 (the largest enterprise's 20,000 pairs were one 5.6 MB
// page), 履职记录 (3.9 MB) and training hours (6.5 MB): every filter and page is a slice of what the
// whole list shows the same person, the counts are the whole list's, and through the route the filters
// come from the URL.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor, type RequestContext } from '../../app/db.server'
import { assessmentList, assessmentOverview, dutyLogList, dutyLogPeople } from '../../app/modules/dutylogs/dutylogs.server'
import { hoursList, hoursOverview } from '../../app/modules/training/training.server'
import { loader as dutyLogsLoader } from '../../app/routes/enterprise.duty-logs._index'
import { loader as trainingLoader } from '../../app/routes/enterprise.training._index'
import { ASSESSMENT_FILTERS } from '../../app/modules/dutylogs/schema'
import { loader } from '../../app/routes/enterprise.assessments._index'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, run, statusOf } from './requests'

let t: TestDatabase
// the demo has assessed 2026 Q3; this quarter is due and partly assessed below
const NOW = new Date('2026-10-15T10:00:00+08:00')

async function as<T>(who: string, work: (ctx: RequestContext) => Promise<T>): Promise<T> {
  const actor = await actorOf(t.db, who)
  return t.db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${actor.userId}, true)`.execute(trx)
    return work(contextFor(trx, actor, { ip: null, userAgent: 'vitest' }, NOW))
  })
}

beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => {
  await t.destroy()
})

const key = (p: { employeeId: string; postId: string }) => `${p.employeeId}:${p.postId}`

describe('the 考核 list, a page at a time', () => {
  it('each filter and page is a slice of the whole list, for the admin and for a head', async () => {
    for (const who of ['hs_admin', 'hs_storage']) {
      const whole = await as(who, (ctx) => assessmentOverview(ctx))
      expect(whole.people.length, who).toBeGreaterThan(0)
      const base = { q: '', page: 1, size: 10 }
      // the pages, in order, are the whole list
      const first = await as(who, (ctx) => assessmentList(ctx, base))
      expect(first.counts.due).toBe(whole.people.length)
      expect(first.counts.assessed).toBe(whole.people.filter((p) => p.assessment).length)
      expect(first.page.total).toBe(whole.people.length)
      const pages = Math.ceil(whole.people.length / 10)
      const seen = []
      for (let page = 1; page <= pages; page++) seen.push(...(await as(who, (ctx) => assessmentList(ctx, { ...base, page }))).page.rows)
      expect(seen.map(key)).toEqual(whole.people.map(key))
      // a page past the end is empty, not an error
      expect((await as(who, (ctx) => assessmentList(ctx, { ...base, page: pages + 5 }))).page.rows).toEqual([])
      // each state filter is the rows the whole list marks so
      const want = {
        mine: (p: (typeof whole.people)[number]) => p.mayAssess && !p.assessment,
        todo: (p: (typeof whole.people)[number]) => !p.assessment,
        done: (p: (typeof whole.people)[number]) => !!p.assessment,
        failed: (p: (typeof whole.people)[number]) => p.assessment?.result === '不合格',
        unseen: (p: (typeof whole.people)[number]) => !!p.assessment && !p.assessment.seen,
      }
      for (const state of ASSESSMENT_FILTERS) {
        const got = await as(who, (ctx) => assessmentList(ctx, { ...base, size: 100, state }))
        expect(got.page.rows.map(key), `${who} ${state}`).toEqual(whole.people.filter(want[state]).slice(0, 100).map(key))
      }
      const mine = await as(who, (ctx) => assessmentList(ctx, base))
      expect(mine.mine.count).toBe(whole.people.filter(want.mine).length)
      // by unit, and by a name, a 工号 or a post
      const somebody = whole.people[whole.people.length - 1]!
      const byUnit = await as(who, (ctx) => assessmentList(ctx, { ...base, size: 100, unit: somebody.unitId }))
      expect(byUnit.page.rows.map(key)).toEqual(whole.people.filter((p) => p.unitId === somebody.unitId).map(key))
      for (const q of [somebody.name, somebody.employeeNo.toLowerCase(), somebody.postName])
        expect((await as(who, (ctx) => assessmentList(ctx, { ...base, size: 100, q }))).page.rows.map(key)).toContain(key(somebody))
      expect((await as(who, (ctx) => assessmentList(ctx, { ...base, q: '没有这个人%_' }))).page.total).toBe(0)
    }
  })

  it('through the route: the filters come from the URL, a bad value is no filter, and a worker is refused', async () => {
    const cookie = await cookieFor(t.db, 'hs_admin')
    const all = dataOf(await run(loader, get('/enterprise/assessments', cookie)))
    expect(all.page.size).toBe(20)
    expect(all.page.total).toBe(all.counts.due)
    const bad = dataOf(await run(loader, get('/enterprise/assessments?state=everything&unit=../../x&size=7&page=-3', cookie)))
    expect([bad.page.total, bad.page.page, bad.page.size]).toEqual([all.page.total, 1, 20])
    const todo = dataOf(await run(loader, get('/enterprise/assessments?state=todo', cookie)))
    expect(todo.page.total).toBe(all.counts.due - all.counts.assessed)
    const worker = await cookieFor(t.db, '17735418902')
    expect(statusOf(await run(loader, get('/enterprise/assessments', worker)))).toBe(403)
  })

  it('履职记录: the pages in order are the whole list, most months missing first; the filters are slices', async () => {
    for (const who of ['hs_admin', 'hs_storage']) {
      const whole = [...(await as(who, (ctx) => dutyLogPeople(ctx)))].sort((a, b) => b.missing.length - a.missing.length)
      const base = { q: '', missing: false, page: 1, size: 10 }
      const seen = []
      for (let page = 1; page <= Math.max(1, Math.ceil(whole.length / 10)); page++)
        seen.push(...(await as(who, (ctx) => dutyLogList(ctx, { ...base, page }))).page.rows)
      expect(
        seen.map((p) => p.employeeId),
        who,
      ).toEqual(whole.map((p) => p.employeeId))
      const missing = await as(who, (ctx) => dutyLogList(ctx, { ...base, missing: true, size: 100 }))
      expect(missing.page.rows.map((p) => p.employeeId)).toEqual(whole.filter((p) => p.missing.length).map((p) => p.employeeId))
      expect(missing.counts).toEqual({ people: whole.length, missing: whole.filter((p) => p.missing.length).length })
      const somebody = whole[0]!
      for (const q of [somebody.name, somebody.employeeNo, somebody.posts[0]!])
        expect((await as(who, (ctx) => dutyLogList(ctx, { ...base, size: 100, q }))).page.rows.map((p) => p.employeeId)).toContain(
          somebody.employeeId,
        )
    }
    const cookie = await cookieFor(t.db, 'hs_admin')
    const page = dataOf(await run(dutyLogsLoader, get('/enterprise/duty-logs?only=missing&size=10&q=%25', cookie)))
    expect(page.page.size).toBe(10)
    expect(page.page.rows.every((p) => p.missing.length > 0)).toBe(true)
  })

  it('training hours: the pages in order are the whole list, the units summarise everyone, the filters are slices', async () => {
    const whole = await as('hs_admin', (ctx) => hoursOverview(ctx, 2026, '2026-10-15'))
    const base = { q: '', short: false, page: 1, size: 10 }
    const first = await as('hs_admin', (ctx) => hoursList(ctx, 2026, base, '2026-10-15'))
    expect([first.people, first.short]).toEqual([whole.rows.length, whole.short])
    expect(first.byUnit.reduce((n, u) => n + u.people, 0)).toBe(whole.rows.length)
    expect(first.byUnit.reduce((n, u) => n + u.short, 0)).toBe(whole.short)
    const seen = []
    for (let page = 1; page <= Math.ceil(whole.rows.length / 10); page++)
      seen.push(...(await as('hs_admin', (ctx) => hoursList(ctx, 2026, { ...base, page }, '2026-10-15'))).page.rows)
    expect(seen.map((r) => r.employeeId)).toEqual(whole.rows.map((r) => r.employeeId))
    const short = await as('hs_admin', (ctx) => hoursList(ctx, 2026, { ...base, short: true, size: 100 }, '2026-10-15'))
    expect(short.page.total).toBe(whole.short)
    const somebody = whole.rows[whole.rows.length - 1]!
    const found = await as('hs_admin', (ctx) => hoursList(ctx, 2026, { ...base, q: somebody.employeeNo }, '2026-10-15'))
    expect(found.page.rows.map((r) => r.employeeId)).toContain(somebody.employeeId)
    const cookie = await cookieFor(t.db, 'hs_admin')
    const page = dataOf(await run(trainingLoader, get('/enterprise/training?year=2026&only=short&size=50&page=abc', cookie)))
    expect([page.hours.page.page, page.hours.page.size, page.hours.year]).toEqual([1, 50, 2026])
    expect(page.hours.page.rows.every((r) => r.shortfall > 0 || r.missingLevels.length > 0)).toBe(true)
  })
})
