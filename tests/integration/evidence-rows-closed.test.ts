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
      .orderBy('created_at')
      .limit(2)
      .execute()
    expect(open).toBeDefined()
    const user = await t.db.selectFrom('users').select('id').where('employee_id', '=', seen!.employee_id).executeTakeFirst()
    await sql`update assessments set seen_by = ${user?.id ?? null}, seen_at = now() where id = ${seen!.id}`.execute(t.db)
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
