import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmList } from '../../app/modules/acknowledgements/acknowledgements.server'
import type { Actor } from '../../app/modules/auth/actor'
import { applyPrivileges, APP_ROLE, classificationGaps, FUNCTION_SEARCH_PATH, TABLE_ACCESS } from '../../db/privileges'
import { actorOf, publishList } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { contextFor } from '../../app/db.server'

// Issue 10, least privilege: the server's role anzetong_app holds exactly db/privileges.ts.

let t: TestDatabase
let sun: Actor
const client = { ip: '203.0.113.9', userAgent: 'vitest' }

beforeAll(async () => {
  t = await createTestDatabase()
  sun = await actorOf(t.db, '17735418902')
  await publishList(t.db, '化工操作工（加氢）')
  const post = await t.db.selectFrom('posts').select('id').where('name', '=', '化工操作工（加氢）').executeTakeFirstOrThrow()
  const version = await t.db
    .selectFrom('duty_list_versions')
    .select('id')
    .where('post_id', '=', post.id)
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow()
  // a real confirmation through the module, on the app's own connection
  await confirmList(contextFor(t.db, sun, client), post.id, { versionId: version.id, signatureKind: 'typed', signature: '孙鹏' })
})
afterAll(() => t?.destroy())

describe('every table is classified', () => {
  it('no table of the migrated schema is missing from db/privileges.ts, and none classified there is missing from the schema', async () => {
    // A later migration's table must be classified before it ships (append-only, sign-once, mutable…).
    expect(await classificationGaps(t.owner)).toEqual({ unclassified: [], missing: [] })
  })
})

const onPostgres = () => t.engine === 'pg'

describe('the app role on PostgreSQL', () => {
  it('connects as anzetong_app: not superuser, no BYPASSRLS, owns nothing', async ({ skip }) => {
    if (!onPostgres()) skip()
    const me = await sql<{
      user: string
      rolsuper: boolean
      rolbypassrls: boolean
      rolcreatedb: boolean
      rolcreaterole: boolean
      owned: number
    }>`
      select current_user as user, r.rolsuper, r.rolbypassrls, r.rolcreatedb, r.rolcreaterole,
             (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
      from pg_roles r where r.rolname = current_user`.execute(t.db)
    expect(me.rows[0]).toEqual({ user: APP_ROLE, rolsuper: false, rolbypassrls: false, rolcreatedb: false, rolcreaterole: false, owned: 0 })
  })

  it('cannot UPDATE, DELETE or TRUNCATE a confirmation: permission denied, before any trigger', async ({ skip }) => {
    if (!onPostgres()) skip()
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from acknowledgements`.execute(t.db)).rows[0]!.n)).toBeGreaterThan(0)
    // the owner disables the append-only trigger: the app's role is still refused by its privileges
    await sql`alter table acknowledgements disable trigger acknowledgements_append_only`.execute(t.owner)
    try {
      await expect(sql`update acknowledgements set client_ip = '1.2.3.4'`.execute(t.db)).rejects.toMatchObject({ code: '42501' })
      await expect(sql`delete from acknowledgements`.execute(t.db)).rejects.toMatchObject({ code: '42501' })
      await expect(sql`truncate acknowledgements`.execute(t.db)).rejects.toMatchObject({ code: '42501' })
      // nor may it switch the trigger off itself, or sidestep triggers with session_replication_role
      await expect(sql`alter table acknowledgements disable trigger acknowledgements_append_only`.execute(t.db)).rejects.toMatchObject({
        code: '42501',
      })
      await expect(sql`set session_replication_role = replica`.execute(t.db)).rejects.toMatchObject({ code: '42501' })
    } finally {
      await sql`alter table acknowledgements enable trigger acknowledgements_append_only`.execute(t.owner)
    }
  })

  it('holds no UPDATE, DELETE or TRUNCATE on any append-only table, and only the signature columns of signed records', async ({ skip }) => {
    if (!onPostgres()) skip()
    const grants = await sql<{ table_name: string; privilege_type: string }>`
      select table_name, privilege_type from information_schema.role_table_grants
      where grantee = ${APP_ROLE} and table_schema = 'public'`.execute(t.owner)
    const byTable = new Map<string, Set<string>>()
    for (const g of grants.rows) byTable.set(g.table_name, (byTable.get(g.table_name) ?? new Set()).add(g.privilege_type))
    for (const [table, access] of Object.entries(TABLE_ACCESS)) {
      const held = [...(byTable.get(table) ?? [])].sort()
      const expected =
        access.kind === 'read'
          ? ['SELECT']
          : access.kind === 'append-only' || access.kind === 'sign-once'
            ? ['INSERT', 'SELECT']
            : access.kind === 'ledger-head'
              ? ['INSERT', 'SELECT', 'UPDATE']
              : access.delete
                ? ['DELETE', 'INSERT', 'SELECT', 'UPDATE']
                : ['INSERT', 'SELECT', 'UPDATE']
      expect({ table, held }).toEqual({ table, held: expected })
    }
    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.column_privileges
      where grantee = ${APP_ROLE} and table_schema = 'public' and privilege_type = 'UPDATE'
        and table_name = 'inspections'`.execute(t.owner)
    expect(columns.rows.map((c) => c.column_name).sort()).toEqual([
      'head_name',
      'head_signed_at',
      'head_user_id',
      'refusal_note',
      'refusal_recorded_at',
    ])
    await expect(sql`update inspections set content = 'rewritten'`.execute(t.db)).rejects.toMatchObject({ code: '42501' })
    await expect(sql`update audit_events set action = 'x'`.execute(t.db)).rejects.toMatchObject({ code: '42501' })
    await expect(sql`delete from status_reports`.execute(t.db)).rejects.toMatchObject({ code: '42501' })
  })

  it('is idempotent and removes a privilege granted by hand', async ({ skip }) => {
    if (!onPostgres()) skip()
    await sql.raw(`grant update, delete on acknowledgements to ${APP_ROLE}`).execute(t.owner)
    await applyPrivileges(t.owner)
    await applyPrivileges(t.owner)
    await expect(sql`delete from acknowledgements`.execute(t.db)).rejects.toMatchObject({ code: '42501' })
  })

  it('refuses to grant when a table is unclassified', async ({ skip }) => {
    if (!onPostgres()) skip()
    await sql`create table azt_unclassified_probe (id int)`.execute(t.owner)
    try {
      await expect(applyPrivileges(t.owner)).rejects.toThrow(/azt_unclassified_probe/)
    } finally {
      await sql`drop table azt_unclassified_probe`.execute(t.owner)
    }
  })
})

describe('the guard triggers cannot be fooled or skipped by the app role', () => {
  it('may not create a temporary table, which would shadow a table a guard trigger reads', async ({ skip }) => {
    if (!onPostgres()) skip()
    // a temp `acknowledgements` holding a made-up row would vouch for a forged ledger head
    await expect(
      t.db
        .transaction()
        .execute((trx) => sql`create temp table acknowledgements (enterprise_id uuid, seq bigint, row_hash text)`.execute(trx)),
    ).rejects.toMatchObject({ code: '42501' })
  })

  it('every function of the schema runs with search_path pg_catalog, public, pg_temp', async ({ skip }) => {
    if (!onPostgres()) skip()
    const functions = await sql<{ name: string; config: string[] | null }>`
      select p.proname as name, p.proconfig as config from pg_proc p
      where p.pronamespace = 'public'::regnamespace and p.prokind = 'f'`.execute(t.owner)
    expect(functions.rows.length).toBeGreaterThan(5)
    for (const f of functions.rows)
      expect({ name: f.name, config: f.config }).toEqual({ name: f.name, config: [`search_path=${FUNCTION_SEARCH_PATH}`] })
  })

  it('refuses a signed record that arrives signed at INSERT (a report published without its anchor, an inspection signed for the head)', async ({
    skip,
  }) => {
    if (!onPostgres()) skip()
    const hs = await t.db.selectFrom('enterprises').select('id').where('name', '=', '晋中市华晟化工有限公司').executeTakeFirstOrThrow()
    const head = await t.db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'hs_head').executeTakeFirstOrThrow()
    await expect(
      sql`insert into status_reports (enterprise_id, snapshot, created_by, created_by_name, signed_by, signed_by_name, published_at)
          values (${hs.id}, '{}'::jsonb, ${head.id}, ${head.display_name}, ${head.id}, ${head.display_name}, now())`.execute(t.db),
    ).rejects.toMatchObject({ code: '23514' })
    // a draft is still born as before (the error below is ours, thrown after the insert succeeded)
    const draft = t.db.transaction().execute(async (trx) => {
      await sql`insert into status_reports (enterprise_id, snapshot, created_by, created_by_name) values (${hs.id}, '{}'::jsonb, ${head.id}, ${head.display_name})`.execute(
        trx,
      )
      throw new Error('rolled back on purpose')
    })
    await expect(draft).rejects.toThrow('rolled back on purpose')
    const guarded = await sql<{ table: string }>`
      select c.relname as table from pg_trigger g join pg_class c on c.oid = g.tgrelid
      where g.tgname like '%_unsigned_at_insert' order by 1`.execute(t.owner)
    // …and the signatures of 履职记录 and 考核 (20261202060000_duty_logs)
    expect(guarded.rows.map((r) => r.table)).toEqual([
      'assessments',
      'duty_log_corrections',
      'duty_log_months',
      'hazard_stat_reports',
      'inspections',
      'leader_ledger_sheets',
      'self_checks',
      'status_reports',
      'target_agreements',
    ])
  })
})
