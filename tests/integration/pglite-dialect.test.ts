import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from './helpers'

// PGlite is one connection: two requests' transactions must never interleave on it. This runs on
// whichever engine the suite runs on; on PGlite it is the proof that the dialect serialises.
let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase({ seed: false, useForApp: false })
  await sql`create table probe (id int primary key, who text not null)`.execute(t.owner)
})
afterAll(() => t.destroy())

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe(`concurrent transactions`, () => {
  it('one rolls back, the other commits, and neither sees or keeps the other’s rows wrongly', async () => {
    const db = t.owner
    const order: string[] = []
    const failing = db.transaction().execute(async (trx) => {
      order.push('A begin')
      await sql`insert into probe values (1, 'A'), (2, 'A')`.execute(trx)
      await sleep(50) // yield: B is now waiting to start
      order.push('A fail')
      throw new Error('rollback A')
    })
    const committing = db.transaction().execute(async (trx) => {
      order.push('B begin')
      // Within B, A's uncommitted rows must not be visible (and on PGlite B must not run inside A).
      const seen = await sql<{ n: number }>`select count(*)::int as n from probe`.execute(trx)
      await sql`insert into probe values (3, 'B'), (4, 'B')`.execute(trx)
      await sleep(10)
      order.push('B commit')
      return seen.rows[0]!.n
    })
    const [a, b] = await Promise.allSettled([failing, committing])
    expect(a.status).toBe('rejected')
    expect(b).toEqual({ status: 'fulfilled', value: 0 })
    const rows = await sql<{ id: number; who: string }>`select id, who from probe order by id`.execute(t.owner)
    expect(rows.rows).toEqual([
      { id: 3, who: 'B' },
      { id: 4, who: 'B' },
    ])
    if (t.engine === 'pglite') expect(order).toEqual(['A begin', 'A fail', 'B begin', 'B commit'])
  })

  it('many interleaved writers each keep exactly their own rows', async () => {
    await sql`delete from probe`.execute(t.owner)
    const jobs = Array.from({ length: 12 }, (_, i) =>
      t.owner.transaction().execute(async (trx) => {
        await sql`insert into probe values (${100 + i}, ${`w${i}`})`.execute(trx)
        await sleep(i % 3)
        if (i % 4 === 0) throw new Error(`rollback ${i}`)
      }),
    )
    const results = await Promise.allSettled(jobs)
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3)
    const rows = await sql<{ id: number }>`select id from probe order by id`.execute(t.owner)
    expect(rows.rows.map((r) => r.id)).toEqual([101, 102, 103, 105, 106, 107, 109, 110, 111])
  })
})
