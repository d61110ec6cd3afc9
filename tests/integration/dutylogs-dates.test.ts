import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor, type RequestContext } from '../../app/db.server'
import { addEntry, assessmentForm, recordAssessment } from '../../app/modules/dutylogs/dutylogs.server'
import { actorOf, publishList } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'

// Dates a 履职记录 or a 考核 cannot have: a day not yet come in the running month (it would be signed as
// work done), and an assessment of a period that ended before the person took the post (a backdated
// 考核). The clock is injected (10 March 2027), so the suite does not depend on today.

let t: TestDatabase
const client = { ip: '127.0.0.1', userAgent: 'vitest' }
const NOW = new Date('2027-03-10T10:00:00+08:00')
const LOADER = '19834561277' // 韩小军, 危化品装卸工 in 储运车间, assessed by the 储运车间主任 (hs_storage)

async function as<T>(who: string, work: (ctx: RequestContext) => Promise<T>): Promise<T> {
  const actor = await actorOf(t.db, who)
  // as withActor runs a request: one transaction, tagged with the acting user (the signer triggers read it)
  return t.db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${actor.userId}, true)`.execute(trx)
    return work(contextFor(trx, actor, client, NOW))
  })
}

beforeAll(async () => {
  t = await createTestDatabase()
}, 120_000)
afterAll(async () => {
  await t?.destroy()
})

describe('履职记录 and 考核 refuse impossible dates', () => {
  it('a 履职记录 entry dated after today is refused beside the field; today is taken', async () => {
    const entry = (occurredOn: string) => ({ occurredOn, content: '到储运车间检查甲醇装卸作业', participants: '', remark: '' })
    const count = async () => (await t.db.selectFrom('duty_log_entries').select('id').execute()).length
    const before = await count()
    const future = await as('hs_safety_head', (ctx) => addEntry(ctx, '2027-03', entry('2027-03-20')))
    expect(future).toMatchObject({ ok: false, fieldErrors: { occurredOn: expect.stringMatching(/不能晚于今天/) } })
    expect(await count()).toBe(before)
    expect((await as('hs_safety_head', (ctx) => addEntry(ctx, '2027-03', entry('2027-03-10')))).ok).toBe(true)
    expect(await count()).toBe(before + 1)
  })

  it('an assessment of a period over before the person took the post is refused, and nothing is written', async () => {
    await publishList(t.db, '危化品装卸工')
    const worker = await actorOf(t.db, LOADER)
    if (worker.kind !== 'enterprise' || !worker.employeeId) throw new Error('worker')
    const post = await t.db.selectFrom('posts').select('id').where('name', '=', '危化品装卸工').executeTakeFirstOrThrow()
    const form = await as('hs_storage', (ctx) => assessmentForm(ctx, worker.employeeId!, post.id, '2001-Q1'))
    expect(form.canAssess).toBe(false)
    expect(form.refusal).toMatch(/起任该岗位/)
    const input = { period: '2001-Q1', scores: form.items.map(() => 80), result: '合格' as const, comment: '履职基本到位', followUp: '' }
    const r = await as('hs_storage', (ctx) => recordAssessment(ctx, worker.employeeId!, post.id, input))
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/起任该岗位/) })
    const rows = await t.db.selectFrom('assessments').select('id').where('period_key', '=', '2001-Q1').execute()
    expect(rows).toEqual([])
  })
})
