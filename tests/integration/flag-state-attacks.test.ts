import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/types'
import { loader } from '../../app/routes/regulator.enterprises._index'
import { createTestDatabase, testServerUrl, type TestDatabase } from './helpers'
import { cookieFor, get, run } from './requests'

// An attacker's probes of enterprise_flag_state (migration 20261206020000): the app role's reach, interleaved
// writers on one enterprise, and the dashboard's scope under crafted query parameters.

let t: TestDatabase
const onPg = !!testServerUrl()

async function drift(db: Kysely<Database>) {
  const { rows } = await sql<{ enterprise_id: string }>`
    (select enterprise_id::text from (select * from enterprise_flag_state except select * from enterprise_flag_state_source) a)
    union all
    (select enterprise_id::text from (select * from enterprise_flag_state_source except select * from enterprise_flag_state) b)`.execute(db)
  return rows
}

beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => {
  await t?.destroy()
})

describe.runIf(onPg)('the app role and the SECURITY DEFINER functions (PostgreSQL)', () => {
  it('cannot write the kept rows, read the view, or call any of the three functions', async () => {
    const eid = (await t.owner.selectFrom('enterprises').select('id').executeTakeFirstOrThrow()).id
    const tries: [string, ReturnType<typeof sql>][] = [
      [
        'insert',
        sql`insert into enterprise_flag_state (enterprise_id, region_code, industry_code, created_at) values (gen_random_uuid(), 'x', 'y', now())`,
      ],
      ['update', sql`update enterprise_flag_state set orders_due_min = null`],
      ['delete', sql`delete from enterprise_flag_state`],
      ['truncate', sql`truncate enterprise_flag_state`],
      ['view', sql`select * from enterprise_flag_state_source limit 1`],
      ['refresh one', sql`select refresh_enterprise_flag_state(${eid}::uuid)`],
      ['refresh all', sql`select refresh_enterprise_flag_states()`],
      ['follow', sql`select enterprise_flag_state_follow()`],
    ]
    for (const [what, q] of tries) {
      const outcome = await t.db
        .transaction()
        .execute((trx) => q.execute(trx))
        .then(
          () => 'ran',
          (e: Error) => e.message,
        )
      expect({ what, outcome }).toEqual({
        what,
        outcome: expect.stringMatching(/permission denied|cannot be called|trigger functions can only be called/),
      })
    }
  })

  it('a caller search_path does not reach into the definer functions', async () => {
    const { rows } = await sql<{ proname: string; secdef: boolean; config: string[] | null }>`
      select proname, prosecdef as secdef, proconfig as config from pg_proc
      where proname in ('refresh_enterprise_flag_state', 'refresh_enterprise_flag_states', 'enterprise_flag_state_follow')`.execute(t.owner)
    for (const r of rows) {
      expect(r.secdef).toBe(true)
      expect(r.config).toContain('search_path=pg_catalog, public, pg_temp')
    }
    // in a test database the app role may create temp objects (CREATE DATABASE … TEMPLATE does not copy
    // the template's revoked TEMP): shadow the view and the table in pg_temp, put pg_temp first, and write
    // a source as the app: the definer functions still read and write public's
    const eid = (await t.owner.selectFrom('enterprises').select('id').executeTakeFirstOrThrow()).id
    await t.db.transaction().execute(async (trx) => {
      await sql`create temp table enterprise_flag_state_source as select * from public.enterprise_flag_state where false`.execute(trx)
      await sql`create temp table enterprise_flag_state as select * from public.enterprise_flag_state where false`.execute(trx)
      await sql`set local search_path = pg_temp, public`.execute(trx)
      await sql`update enterprise_report_status set workers = workers + 1 where enterprise_id = ${eid}`.execute(trx)
    })
    expect(await drift(t.owner)).toEqual([])
  })
})

describe.runIf(onPg)('interleaved writers on one enterprise (PostgreSQL, read committed and repeatable read)', () => {
  async function insertOrderSql(c: pg.Client, eid: string, due: string) {
    const d = await t.owner.selectFrom('departments').select(['id', 'name']).executeTakeFirstOrThrow()
    const u = await t.owner.selectFrom('users').select('id').where('role', '=', 'regulator').executeTakeFirstOrThrow()
    return c.query(
      `insert into rectification_orders (enterprise_id, department_id, department_name, document_no, issued_by, issued_by_name, due_date, issued_at)
       values ($1, $2, $3, $4, $5, 'r', $6, now())`,
      [eid, d.id, d.name, `REVIEW-${Math.random()}`, u.id, due],
    )
  }
  async function twoOrders() {
    const e = await t.owner.selectFrom('enterprises').select('id').executeTakeFirstOrThrow()
    const d = await t.owner.selectFrom('departments').select(['id', 'name']).executeTakeFirstOrThrow()
    const u = await t.owner.selectFrom('users').select('id').where('role', '=', 'regulator').executeTakeFirstOrThrow()
    const ids: string[] = []
    for (const [i, due] of ['2030-01-10', '2030-01-20'].entries()) {
      const { rows } = await sql<{ id: string }>`insert into rectification_orders
        (enterprise_id, department_id, department_name, document_no, issued_by, issued_by_name, due_date, issued_at)
        values (${e.id}, ${d.id}, ${d.name}, ${`REVIEW-${Date.now()}-${i}`}, ${u.id}, 'r', ${due}, now()) returning id::text`.execute(
        t.owner,
      )
      ids.push(rows[0]!.id)
    }
    return { eid: e.id, ids }
  }
  function client() {
    const c = new pg.Client({ connectionString: t.url!.replace(/\/\/[^@]*@/, '//postgres@') })
    return c
  }

  it('T1 answers order A and holds; T2 answers order B (blocks on the state row); both commit: no drift', async () => {
    const { eid, ids } = await twoOrders()
    const a = client()
    const b = client()
    await a.connect()
    await b.connect()
    try {
      await a.query('begin')
      await b.query('begin')
      void ids
      await insertOrderSql(b, eid, '2029-12-01') // B first: its trigger holds the state row
      const pendingA = insertOrderSql(a, eid, '2029-11-01') // waits on the state row
      await new Promise((r) => setTimeout(r, 200))
      await b.query('commit')
      await pendingA
      await a.query('commit')
      expect(await drift(t.owner)).toEqual([])
    } finally {
      await a.end()
      await b.end()
    }
  })

  it('a repeatable read writer fails (serialization), it never leaves drift', async () => {
    const { eid } = await twoOrders()
    const a = client()
    const b = client()
    await a.connect()
    await b.connect()
    try {
      await a.query('begin isolation level repeatable read')
      await a.query('select 1 from enterprises limit 1') // snapshot taken
      await insertOrderSql(b, eid, '2029-10-01') // autocommit: commits after a's snapshot
      const outcome = await insertOrderSql(a, eid, '2029-09-01').then(
        () => 'ran',
        (e: Error) => e.message,
      )
      await a.query('rollback')
      expect(outcome).toMatch(/could not serialize/)
      expect(await drift(t.owner)).toEqual([])
    } finally {
      await a.end()
      await b.end()
    }
  })
})

describe('the dashboard loader under crafted parameters, for an industry-limited department', () => {
  const crafted = [
    'q=%25',
    'q=_',
    'q=%27%22%3B--',
    'q=%5C',
    'q=' + 'x'.repeat(500),
    'region=140000',
    'region=999999',
    'region=140702001',
    'region=1407%25',
    'region=14070',
    'industry=%25',
    "industry=construction'--",
    'industry=hazardousChemicals',
    'flag=stale&state=flagged&age=never',
    'flag=nope&state=nope&age=nope&sort=nope&dir=nope',
    'state=never&age=older',
    'page=-1&size=100000&rpage=0&rsize=7',
    'page=99999999999999999999',
    'q=%00',
  ]
  it('no 500, and never an enterprise (or a count) outside the 住建局 scope', async () => {
    const cookie = await cookieFor(t.db, 'jz_zjj')
    const scopeIds = new Set(
      (
        await sql<{
          id: string
        }>`select e.id::text from enterprises e join departments d on d.id = (select department_id from users where username = 'jz_zjj')
          where e.region_code like regexp_replace(d.region_code, '0+$', '') || '%'
            and e.industry_code in (select industry_code from industry_supervisors where department_kind = d.kind)`.execute(t.owner)
      ).rows.map((r) => r.id),
    )
    const all = await run(loader, get('/regulator/enterprises', cookie))
    const whole = JSON.parse(JSON.stringify(all)) as Record<string, any>
    expect(whole.summary.total).toBe(scopeIds.size)
    const everyone = Number((await sql<{ n: number }>`select count(*)::int as n from enterprises`.execute(t.owner)).rows[0]!.n)
    expect(everyone).toBeGreaterThan(scopeIds.size) // something out of scope to leak
    for (const qs of crafted) {
      const out = await run(loader, get(`/regulator/enterprises?${qs}`, cookie))
      if (out instanceof Response) {
        expect({ qs, status: out.status }).toEqual({ qs, status: expect.any(Number) })
        expect(out.status).toBeLessThan(500)
        continue
      }
      const data = JSON.parse(JSON.stringify(out)) as Record<string, any>
      const rows: { id: string }[] = data.page?.rows ?? data.list?.rows ?? data.enterprises?.rows ?? []
      for (const r of rows) expect({ qs, id: r.id, inScope: scopeIds.has(r.id) }).toEqual({ qs, id: r.id, inScope: true })
      const total = data.summary?.total
      if (typeof total === 'number') expect({ qs, total: total <= scopeIds.size }).toEqual({ qs, total: true })
    }
  })
})
