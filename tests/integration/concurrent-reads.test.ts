import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { concurrentReads, contextFor, useDatabase, withActor, type RequestContext } from '../../app/db.server'
import { openDatabase } from '../../db/client'
import { dashboardSummary, listEnterprisesInScope, regionFlagShares } from '../../app/modules/regulators/regulators.server'
import { enterpriseListSchema } from '../../app/modules/regulators/schema'
import { homeOverview } from '../../app/modules/obligations/obligations.server'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'

// Issue 17: a page's independent reads (the regulator dashboard's) run on separate connections in one
// snapshot on PostgreSQL, one after another on the embedded engine; the same answers either way.

const client = { ip: '127.0.0.1', userAgent: 'vitest' }
let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => {
  await t?.destroy()
})

const count = async (ctx: RequestContext) =>
  (await sql<{ n: number }>`select count(*)::int as n from regions where code like '99%'`.execute(ctx.db)).rows[0]!.n
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('concurrentReads', () => {
  it('answers each read in order, tagged with the actor, with the dashboard figures the serial path gives', async () => {
    const yjj = await actorOf(t.db, 'jz_yjj')
    const query = enterpriseListSchema.parse({})
    const serial = await withActor(yjj, client, async (ctx) => ({
      summary: await dashboardSummary(ctx, query),
      page: await listEnterprisesInScope(ctx, query),
      shares: await regionFlagShares(ctx, query),
    }))
    const [summary, page, shares, who] = await withActor(yjj, client, (ctx) =>
      concurrentReads(
        ctx,
        (c) => dashboardSummary(c, query),
        (c) => listEnterprisesInScope(c, query),
        (c) => regionFlagShares(c, query),
        async (c) => (await sql<{ u: string }>`select current_setting('app.user_id', true) as u`.execute(c.db)).rows[0]!.u,
      ),
    )
    expect({ summary, page, shares }).toEqual(serial)
    expect(page.total).toBeGreaterThan(0)
    expect(who).toBe(yjj.userId)
  })

  it('on PostgreSQL: separate connections, one snapshot (a row committed meanwhile is seen by none)', async () => {
    // (the embedded engine has one connection, held by the request: the owner could not write meanwhile)
    if (t.engine === 'pglite') return
    const yjj = await actorOf(t.db, 'jz_yjj')
    const pid = async (c: RequestContext) => (await sql<{ p: number }>`select pg_backend_pid() as p`.execute(c.db)).rows[0]!.p
    const [before, during, pids] = await withActor(yjj, client, async (ctx) => {
      const before = await count(ctx)
      const [a, b] = await concurrentReads(
        ctx,
        async (c) => {
          await sql`insert into regions (code, name, parent_code, level) values ('990000', '测试省', null, 1)`.execute(t.owner)
          return { n: await count(c), pid: await pid(c) }
        },
        async (c) => {
          await sleep(50)
          return { n: await count(c), pid: await pid(c) }
        },
      )
      return [before, [a.n, b.n], [a.pid, b.pid]] as const
    })
    await sql`delete from regions where code = '990000'`.execute(t.owner)
    expect(during).toEqual([before, before])
    expect(pids[0]).not.toBe(pids[1])
  })

  it('on PostgreSQL: a burst of requests larger than the pool completes (lanes never wait on connections of requests)', async () => {
    if (t.engine === 'pglite' || !t.url) return
    // a pool of two: every connection is held by a request that wants two lanes beside it; lanes drawn
    // from that same pool would wait for each other until the connect timeout
    const small = await openDatabase({ url: t.url, max: 2 })
    useDatabase(small)
    try {
      const yjj = await actorOf(t.db, 'jz_yjj')
      const started = Date.now()
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          withActor(yjj, client, (ctx) =>
            concurrentReads(
              ctx,
              async (c) => {
                await sleep(30)
                return count(c)
              },
              (c) => count(c),
              (c) => count(c),
            ),
          ),
        ),
      )
      expect(answers).toHaveLength(12)
      expect(Date.now() - started).toBeLessThan(10_000)
    } finally {
      useDatabase(t)
      await small.close()
    }
  })

  it('the 二十条 figures (the home page) read on lanes give what the same reads one after another give, and write nothing', async () => {
    // every function recordFigures hands to concurrentReads runs here on a lane (read-only on PostgreSQL: a write fails)
    const admin = await actorOf(t.db, 'hs_admin')
    const laned = await withActor(admin, client, (ctx) => homeOverview(ctx))
    const serial = await t.db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${admin.userId}, true)`.execute(trx)
      return homeOverview(contextFor(trx, admin, client, new Date()))
    })
    expect(laned).toEqual(serial)
    expect(laned.items.filter((i) => i.derived).length).toBeGreaterThan(0)
  })

  it('a context made with contextFor (a test, a seed, a script: any database) reads in order on its own transaction, never on lanes', async () => {
    const yjj = await actorOf(t.db, 'jz_yjj')
    const pids = await t.db.transaction().execute(async (trx) => {
      const own = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
      const read = (c: RequestContext) => sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(c.db)
      const [a, b] = await concurrentReads(contextFor(trx, yjj, client), read, read)
      return [own.rows[0]!.pid, a.rows[0]!.pid, b.rows[0]!.pid]
    })
    expect(new Set(pids).size).toBe(1)
  })

  it('outside a transaction the reads run in order on the context given', async () => {
    const order: number[] = []
    const out = await concurrentReads(
      { db: t.db } as RequestContext,
      async () => {
        await sleep(20)
        order.push(1)
        return 'a'
      },
      async () => {
        order.push(2)
        return 2
      },
    )
    expect(out).toEqual(['a', 2])
    expect(order).toEqual([1, 2])
  })
})
