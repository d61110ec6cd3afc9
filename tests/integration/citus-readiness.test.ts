import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from './helpers'

// Issue 17, Citus readiness checked, not assumed: the schema as the migrations leave it can be distributed
// by enterprise_id (db/citus.sql, README "Running on Citus"). An enterprise-owned table is one with a
// NOT NULL enterprise_id; every other table is listed below with what it becomes on Citus and why.

/** Tables shared by every tenant: replicated to every node (reference) or kept on the coordinator (local). */
const NOT_DISTRIBUTED: Record<string, { kind: 'reference' | 'local'; why: string }> = {
  regions: { kind: 'reference', why: 'GB/T 2260 codes, read by every scope rule' },
  industries: { kind: 'reference', why: 'reference data' },
  industry_supervisors: { kind: 'reference', why: 'reference data (管行业必须管安全)' },
  departments: { kind: 'reference', why: 'supervising departments, read by every regulator query' },
  certificate_catalogue: { kind: 'reference', why: 'the certificate catalogue' },
  enterprises: { kind: 'reference', why: 'the tenant register itself (10⁵ rows): every enterprise-owned table points at it' },
  users: { kind: 'reference', why: 'sign-in looks accounts up across tenants; 用户名 and 手机号 are unique platform-wide' },
  sessions: { kind: 'reference', why: 'keyed by session id, found before the tenant is known' },
  password_resets: { kind: 'reference', why: 'also for regulators and heads set by the platform admin (no enterprise)' },
  push_endpoints: { kind: 'reference', why: 'one endpoint per provincial platform' },
  leader_ledger_leaders: { kind: 'reference', why: 'department leaders (一岗双责台账): no enterprise, points at users and departments' },
  leader_ledger_sheets: { kind: 'reference', why: 'a leader’s monthly 履职统计表: no enterprise, a city’s leaders × 12 a year' },
  leader_ledger_entries: { kind: 'reference', why: 'the entries of a leader’s monthly sheet' },
  leader_ledger_withdrawals: { kind: 'reference', why: 'draft entries taken out of a leader’s sheet before signing' },
  leader_ledger_signatures: { kind: 'reference', why: 'a leader’s signatures of their monthly sheet' },
  leader_ledger_files: { kind: 'reference', why: 'evidence of a leader’s sheet entries (the bytes are in the evidence store)' },
  audit_events: { kind: 'local', why: 'spans tenants and the platform (enterprise_id may be null); written once, read by the platform' },
  kysely_migration: { kind: 'local', why: 'the migrator’s bookkeeping' },
  kysely_migration_lock: { kind: 'local', why: 'the migrator’s lock' },
}

/** Unique keys of enterprise-owned tables that cannot include enterprise_id, and what replaces them on Citus. */
const UNIQUE_EXCEPTIONS: Record<string, string> = {
  rectification_orders_document_no_idx:
    'a department numbers its orders across its enterprises; the module draws each number under a per-department lock; db/citus.sql re-keys the index with the enterprise',
  hazards_supervision_no_uq:
    'a department numbers its 挂牌督办 across its enterprises; the hazards module draws each number under a per-department lock; db/citus.sql re-keys the index with the enterprise',
}

/** Foreign keys Citus cannot keep (a reference table pointing at a distributed one); db/citus.sql drops them. */
const FOREIGN_KEY_EXCEPTIONS: Record<string, string> = {
  users_employee_fk: 'a worker’s account and employee row are created together by the auth module',
}

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase({ seed: false })
})
afterAll(() => t?.destroy())

interface TableRow {
  name: string
  owned: boolean
}
interface KeyRow {
  table: string
  name: string
  primary: boolean
  columns: string
}
interface ForeignKeyRow {
  name: string
  table: string
  references: string
  columns: string
  referenced: string
}

async function catalog() {
  const tables = (
    await sql<TableRow>`
      select c.relname::text as name,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'enterprise_id' and a.attnotnull and not a.attisdropped) as owned
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') order by 1`.execute(t.owner)
  ).rows
  // primary keys, unique constraints and unique indexes alike (a partial unique index is a unique key too)
  const keys = (
    await sql<KeyRow>`
      select tc.relname::text as table, ic.relname::text as name, i.indisprimary as primary,
             coalesce(string_agg(a.attname::text, ',' order by k.ord), '') as columns
      from pg_index i
      join pg_class ic on ic.oid = i.indexrelid
      join pg_class tc on tc.oid = i.indrelid and tc.relnamespace = 'public'::regnamespace
      cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
      left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indisunique
      group by tc.relname, ic.relname, i.indisprimary order by 1, 2`.execute(t.owner)
  ).rows
  const foreignKeys = (
    await sql<ForeignKeyRow>`
      select con.conname::text as name, tc.relname::text as table, rc.relname::text as references,
             (select string_agg(a.attname::text, ',' order by k.ord) from unnest(con.conkey) with ordinality as k(attnum, ord)
                join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns,
             (select string_agg(a.attname::text, ',' order by k.ord) from unnest(con.confkey) with ordinality as k(attnum, ord)
                join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum) as referenced
      from pg_constraint con
      join pg_class tc on tc.oid = con.conrelid
      join pg_class rc on rc.oid = con.confrelid
      where con.contype = 'f' and con.connamespace = 'public'::regnamespace order by 1`.execute(t.owner)
  ).rows
  const owned = new Set(tables.filter((r) => r.owned).map((r) => r.name))
  return { tables, keys, foreignKeys, owned }
}

describe('the schema can be distributed by enterprise_id', () => {
  it('every table is enterprise-owned or listed as a reference or coordinator table, and the list has nothing stale', async () => {
    const { tables, owned } = await catalog()
    expect(tables.length).toBeGreaterThan(30)
    expect(owned.size).toBeGreaterThan(20)
    const unlisted = tables.filter((r) => !r.owned && !NOT_DISTRIBUTED[r.name]).map((r) => r.name)
    expect(unlisted, 'tables without a NOT NULL enterprise_id that are not listed').toEqual([])
    const listedButOwned = Object.keys(NOT_DISTRIBUTED).filter((name) => owned.has(name))
    expect(listedButOwned, 'listed as shared but enterprise-owned').toEqual([])
    const stale = Object.keys(NOT_DISTRIBUTED).filter((name) => !tables.some((r) => r.name === name))
    expect(stale, 'listed but not in the schema').toEqual([])
  })

  it('every enterprise-owned table has enterprise_id in its primary key and in every unique key', async () => {
    const { keys, owned } = await catalog()
    const ownedKeys = keys.filter((k) => owned.has(k.table))
    expect(ownedKeys.length).toBeGreaterThan(owned.size) // a primary key each, and more
    const withPrimaryKey = new Set(ownedKeys.filter((k) => k.primary).map((k) => k.table))
    expect(
      [...owned].filter((name) => !withPrimaryKey.has(name)),
      'enterprise-owned tables without a primary key',
    ).toEqual([])
    const bad = ownedKeys
      .filter((k) => !k.columns.split(',').includes('enterprise_id') && !UNIQUE_EXCEPTIONS[k.name])
      .map((k) => `${k.table}.${k.name} (${k.columns})`)
    expect(bad, 'unique keys of enterprise-owned tables without enterprise_id').toEqual([])
    const stale = Object.keys(UNIQUE_EXCEPTIONS).filter(
      (name) => !ownedKeys.some((k) => k.name === name && !k.columns.includes('enterprise_id')),
    )
    expect(stale, 'exceptions that no longer apply').toEqual([])
  })

  it('every foreign key between enterprise-owned tables matches enterprise_id to enterprise_id; others point at reference tables', async () => {
    const { foreignKeys, owned } = await catalog()
    const between = foreignKeys.filter((f) => owned.has(f.table) && owned.has(f.references))
    expect(between.length).toBeGreaterThan(20)
    const unmatched = between
      .filter((f) => {
        const i = f.columns.split(',').indexOf('enterprise_id')
        return i < 0 || f.referenced.split(',')[i] !== 'enterprise_id'
      })
      .map((f) => `${f.name}: ${f.table}(${f.columns}) → ${f.references}(${f.referenced})`)
    expect(unmatched, 'foreign keys between enterprise-owned tables that do not carry enterprise_id across').toEqual([])
    // a distributed table may point at a reference table, never at a coordinator-local one
    const toLocal = foreignKeys
      .filter((f) => owned.has(f.table) && !owned.has(f.references) && NOT_DISTRIBUTED[f.references]?.kind !== 'reference')
      .map((f) => f.name)
    expect(toLocal, 'enterprise-owned tables pointing at a table that is not a reference table').toEqual([])
    // a reference table cannot point at a distributed one
    const fromShared = foreignKeys
      .filter((f) => !owned.has(f.table) && owned.has(f.references) && !FOREIGN_KEY_EXCEPTIONS[f.name])
      .map((f) => f.name)
    expect(fromShared, 'shared tables pointing at enterprise-owned ones').toEqual([])
  })

  it('db/citus.sql names every table once, in dependency order, and handles every exception', async () => {
    const { tables, foreignKeys, owned } = await catalog()
    const file = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/citus.sql'), 'utf8')
    const statements = file
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('--'))
      .join('\n')
      .split(';')
      .map((s) => s.replace(/\s+/g, ' ').trim())
    const at = new Map<string, { index: number; how: string }>()
    statements.forEach((s, index) => {
      const m =
        /select (create_reference_table|create_distributed_table|citus_add_local_table_to_metadata)\('(\w+)'(, 'enterprise_id')?/.exec(s)
      if (!m) return
      expect(at.has(m[2]!), `${m[2]} named twice`).toBe(false)
      at.set(m[2]!, { index, how: m[1]! })
    })
    const expected = (name: string) =>
      owned.has(name)
        ? 'create_distributed_table'
        : NOT_DISTRIBUTED[name]?.kind === 'reference'
          ? 'create_reference_table'
          : 'citus_add_local_table_to_metadata'
    expect(tables.filter((r) => at.get(r.name)?.how !== expected(r.name)).map((r) => r.name)).toEqual([])
    expect(statements.filter((s) => s.includes('create_distributed_table') && !s.includes("'enterprise_id'"))).toEqual([])
    const dropped = (name: string) => statements.findIndex((s) => s.includes(`drop constraint ${name}`) || s === `drop index ${name}`)
    for (const f of foreignKeys) {
      const from = at.get(f.table)!.index
      const to = at.get(f.references)!.index
      if (to < from || f.table === f.references) continue
      // a cycle (org_units ⇄ posts): the key is dropped before, and added back after both
      const drop = dropped(f.name)
      if (FOREIGN_KEY_EXCEPTIONS[f.name]) {
        expect(drop >= 0 && drop < from, `${f.name}: dropped before ${f.table} is distributed`).toBe(true)
        continue
      }
      const readd = statements.findIndex((s) => s.includes(`add constraint ${f.name}`))
      expect(drop >= 0 && drop < from && readd > to, `${f.name}: ${f.table} comes before ${f.references}`).toBe(true)
    }
    for (const name of [...Object.keys(FOREIGN_KEY_EXCEPTIONS), ...Object.keys(UNIQUE_EXCEPTIONS)]) {
      expect(dropped(name), `db/citus.sql handles ${name}`).toBeGreaterThanOrEqual(0)
    }
  })
})
