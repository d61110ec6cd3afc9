import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from './helpers'

// A signed check and an assessment signed as seen cannot grow a row by SQL as the app's role: their
// UPDATE and DELETE were already refused, and INSERT is now closed too (20261202095500_evidence_rows_closed).
// The demo's records (seeds/hazard-checks-demo.ts, seeds/duty-logs-demo.ts) are the evidence attacked.

let t: TestDatabase

beforeAll(async () => {
  t = await createTestDatabase()
}, 120_000)
afterAll(async () => {
  await t?.destroy()
})

describe('no row slipped under signed evidence', () => {
  it('a submitted check takes no further item result, nor a result beyond its items', async () => {
    const check = await t.db
      .selectFrom('checks')
      .select(['enterprise_id', 'id', 'items_total'])
      .orderBy('submitted_at')
      .executeTakeFirstOrThrow()
    const first = await t.db
      .selectFrom('check_results')
      .selectAll()
      .where('enterprise_id', '=', check.enterprise_id)
      .where('check_id', '=', check.id)
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow()
    const before = await t.db.selectFrom('check_results').select('seq').where('check_id', '=', check.id).execute()
    expect(before).toHaveLength(check.items_total)
    for (const seq of [check.items_total + 1, 0, 999]) {
      await expect(
        t.db
          .insertInto('check_results')
          .values({ ...first, seq, result: 'ok', note: '事后补记：全部正常', hazard_id: null })
          .execute(),
      ).rejects.toThrow()
    }
    const after = await t.db.selectFrom('check_results').select('seq').where('check_id', '=', check.id).execute()
    expect(after).toHaveLength(check.items_total)
  })

  it('an assessment signed as seen takes no further score; an open one only scores of its list’s items', async () => {
    const [seen, open] = await t.db
      .selectFrom('assessments')
      .select(['enterprise_id', 'id', 'employee_id', 'version_id'])
      // two the demo has not had signed as seen yet (it holds a year of 考核, most of them seen)
      .where('seen_at', 'is', null)
      .orderBy('created_at')
      .limit(2)
      .execute()
    expect(open).toBeDefined()
    const user = await t.db.selectFrom('users').select('id').where('employee_id', '=', seen!.employee_id).executeTakeFirst()
    // signed as seen by the assessed person, in a transaction tagged with them (the signer trigger)
    await t.db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${user?.id ?? ''}, true)`.execute(trx)
      await sql`update assessments set seen_by = ${user?.id ?? null}, seen_at = now() where id = ${seen!.id}`.execute(trx)
    })
    const score = (a: { enterprise_id: string; id: string }, position: number) => ({
      enterprise_id: a.enterprise_id,
      assessment_id: a.id,
      position,
      item_text: '事后添加的考核项',
      criterion: '无',
      weight: 100,
      score: 0,
    })
    const count = async (id: string) =>
      (await t.db.selectFrom('assessment_scores').select('position').where('assessment_id', '=', id).execute()).length
    const seenBefore = await count(seen!.id)
    expect(seenBefore).toBeGreaterThan(0)
    await expect(t.db.insertInto('assessment_scores').values(score(seen!, 9999)).execute()).rejects.toThrow()
    // a position the assessed list does not have, on an assessment not yet seen
    await expect(t.db.insertInto('assessment_scores').values(score(open!, 9999)).execute()).rejects.toThrow()
    expect(await count(seen!.id)).toBe(seenBefore)
  })
})

// 20261202110000_signer_is_actor: a signer column the app's role writes must name the user the
// transaction is tagged with. PGlite has one user, the owner, whom the trigger exempts (as it exempts
// the owner loading the demo), so this runs where the app's role is a role of its own.
describe.skipIf(!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL)('who signed is who acted (PostgreSQL)', () => {
  it('a 履职记录 month, a 考核 and a statistics table cannot be signed in another user’s name', async () => {
    const users = await t.db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['hs_admin', 'hs_head']).execute()
    const admin = users.find((u) => u.username === 'hs_admin')!.id
    const head = users.find((u) => u.username === 'hs_head')!.id
    const tagged = (userId: string, statement: ReturnType<typeof sql>) =>
      t.db.transaction().execute(async (trx) => {
        await sql`select set_config('app.user_id', ${userId}, true)`.execute(trx)
        await statement.execute(trx)
      })
    // an unsigned table drawn up by the admin: the admin cannot sign it as the head, nor can anyone untagged
    const stats = await t.owner
      .insertInto('hazard_stat_reports')
      .values({
        enterprise_id: (await t.db.selectFrom('users').select('enterprise_id').where('id', '=', admin).executeTakeFirstOrThrow())
          .enterprise_id!,
        period: '2031-Q1',
        period_start: '2031-01-01',
        period_end: '2031-03-31',
        due_on: '2031-04-15',
        snapshot: '{}',
        created_by: admin,
        created_by_name: '刘晓东',
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const sign = sql`update hazard_stat_reports set signed_by = ${head}, signed_by_name = '赵志刚', signed_post = '总经理', signed_at = now() where id = ${stats.id}`
    await expect(tagged(admin, sign)).rejects.toThrow(/acting user/)
    await expect(sign.execute(t.db)).rejects.toThrow(/acting user/)
    await tagged(head, sign)
    // a month or an assessment named for someone else is refused the same way
    const month = await t.db.selectFrom('duty_log_months').select('id').where('signed_at', 'is', null).executeTakeFirst()
    if (month)
      await expect(
        tagged(
          admin,
          sql`update duty_log_months set signed_by = ${head}, signed_name = '赵志刚', signed_at = now() where id = ${month.id}`,
        ),
      ).rejects.toThrow(/acting user/)
    const open = await t.db.selectFrom('assessments').select('id').where('seen_at', 'is', null).executeTakeFirstOrThrow()
    await expect(tagged(admin, sql`update assessments set seen_by = ${head}, seen_at = now() where id = ${open.id}`)).rejects.toThrow(
      /acting user/,
    )
  })

  it('a leader’s book is never handed to another user by the app’s role; only its cover and recorder change', async () => {
    const book = await t.db.selectFrom('leader_ledger_leaders').select(['id', 'user_id', 'recorder_user_id']).executeTakeFirstOrThrow()
    await expect(
      sql`update leader_ledger_leaders set user_id = ${book.recorder_user_id} where id = ${book.id}`.execute(t.db),
    ).rejects.toThrow(/permission denied/)
    await sql`update leader_ledger_leaders set title = title where id = ${book.id}`.execute(t.db)
  })
})
