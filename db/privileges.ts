// The application's PostgreSQL role, `anzetong_app`, and everything it may do — in one place.
//
// `npm run db:migrate` runs as the owner of the schema (MIGRATION_DATABASE_URL, else DATABASE_URL)
// and, after the migrations, calls applyPrivileges: the role is created if absent (LOGIN; not
// superuser, not owner of anything, no BYPASSRLS, no CREATEDB/CREATEROLE), every privilege it holds
// on our tables is revoked, and exactly what TABLE_ACCESS says is granted again — in one transaction,
// so the role is never left half-granted. The server connects as that role (DATABASE_URL). So even
// with the append-only triggers disabled by someone else, the app's own connection cannot rewrite
// evidence: UPDATE, DELETE and TRUNCATE on those tables are simply not granted.
//
// Every table of the schema must be classified here: applyPrivileges refuses an unclassified table,
// and tests/integration/privileges.test.ts fails on one, so a table added by a later migration is
// classified (and thought about) before it ships. The embedded engine (PGlite) has one user and
// stays as it is.
import { sql, type Kysely } from 'kysely'
import { env, type Env } from '../app/env.server'
import { migrateToLatest, type DatabaseHandle } from './client'
import type { Database } from './types'

export const APP_ROLE = 'anzetong_app'

export type TableAccess =
  /** reference data and bookkeeping the owner writes (seeds, migrations): SELECT */
  | { kind: 'read' }
  /** evidence: rows are added, never changed or removed: SELECT, INSERT */
  | { kind: 'append-only' }
  /** a record frozen once signed: SELECT, INSERT, and UPDATE of the signature columns only */
  | { kind: 'sign-once'; update: readonly string[] }
  /** working data the app edits: SELECT, INSERT, UPDATE (and DELETE where the app deletes) */
  | { kind: 'mutable'; delete?: true }
  /** the ledger's chain heads: the app advances them (UPDATE; a trigger restricts how), never deletes */
  | { kind: 'ledger-head' }

const read = { kind: 'read' } as const
const appendOnly = { kind: 'append-only' } as const
const mutable = { kind: 'mutable' } as const

export const TABLE_ACCESS: Record<string, TableAccess> = {
  // reference data, loaded by the seed as the owner
  regions: read,
  industries: read,
  departments: read,
  industry_supervisors: read,
  // the migrator's own tables: /readyz reads which migrations ran
  kysely_migration: read,
  certificate_catalogue: read,
  kysely_migration_lock: read,

  // evidence and histories (their triggers refuse UPDATE/DELETE as well)
  acknowledgements: appendOnly,
  audit_events: appendOnly,
  duty_list_events: appendOnly,
  evidence_files: appendOnly,
  obligation_states: appendOnly,
  report_views: appendOnly,
  rectification_items: appendOnly,
  rectification_events: appendOnly,
  // a hazard's history (双重预防): each step signed by the acting user (trigger), never rewritten
  hazard_events: appendOnly,
  // 隐患排查: a submitted check and its item results are evidence, signed by the checker (trigger)
  checks: appendOnly,
  check_results: appendOnly,
  // records the app writes once and never edits
  // a certificate typed before the catalogue is filed under a catalogue item once (its 复审 date derived then)
  certificates: { kind: 'sign-once', update: ['kind', 'catalogue_code', 'review_due_on'] },
  committee_meetings: appendOnly,
  drills: appendOnly,
  // who took part in a drill: added with it or after it, never changed
  drill_participants: appendOnly,
  emergency_plans: appendOnly,
  training_attendance: appendOnly,
  reminders: appendOnly,

  // signed records: only the signature (or the refusal) is added, once
  inspections: { kind: 'sign-once', update: ['head_user_id', 'head_name', 'head_signed_at', 'refusal_note', 'refusal_recorded_at'] },
  self_checks: { kind: 'sign-once', update: ['signed_by', 'signed_by_name', 'signed_post', 'signed_at'] },
  status_reports: { kind: 'sign-once', update: ['signed_by', 'signed_by_name', 'published_at', 'ledger_seq', 'ledger_hash'] },
  target_agreements: { kind: 'sign-once', update: ['signed_at', 'signature_kind', 'signature', 'client_ip'] },
  // 隐患排查治理统计分析表 (16号令 §14): the figures are frozen at generation, the 主要负责人's signature added once
  hazard_stat_reports: { kind: 'sign-once', update: ['signed_by', 'signed_by_name', 'signed_post', 'signed_at'] },
  // 履职记录: a month is signed once by its person, then frozen (trigger); a 更正 is appended and signed once
  duty_log_months: { kind: 'sign-once', update: ['signed_by', 'signed_name', 'signed_posts', 'signed_at'] },
  duty_log_corrections: { kind: 'sign-once', update: ['signed_by', 'signed_name', 'signed_at'] },
  // 责任制考核: recorded whole by the assessor; the assessed person signs having seen it (trigger freezes it)
  assessments: { kind: 'sign-once', update: ['seen_by', 'seen_at'] },
  assessment_scores: appendOnly,

  ledger_heads: { kind: 'ledger-head' },

  // working data
  enterprises: mutable,
  users: mutable,
  sessions: { kind: 'mutable', delete: true },
  org_units: mutable,
  posts: mutable,
  employees: mutable,
  assignments: mutable,
  invitations: mutable,
  // one-time reset links: issued, used or cancelled (a trigger limits them to workers' accounts)
  password_resets: mutable,
  import_batches: mutable,
  // a batch's checked rows, staged in chunks between preview and commit; dropped once committed or refused
  import_batch_chunks: { kind: 'mutable', delete: true },
  // a draft's items are replaced when it is edited (the trigger refuses it once the version is submitted)
  duty_items: { kind: 'mutable', delete: true },
  // drafts are edited, submitted, approved, published, superseded (the trigger freezes published content)
  duty_list_versions: mutable,
  training_sessions: mutable,
  // the orders' status (answered, accepted, returned); the items and history are append-only
  rectification_orders: mutable,
  // one row per enterprise, rewritten at each publication
  enterprise_report_status: mutable,
  // the dashboard's flag inputs per enterprise, kept by triggers as the owner from their sources
  enterprise_flag_state: read,
  push_endpoints: mutable,
  // 双重预防: the risk register the admin keeps, and each hazard's current state (its history is append-only)
  risk_points: mutable,
  risks: mutable,
  hazards: mutable,
  // 隐患排查 plans: the admin edits them; a plan's items are replaced when it is edited
  check_plans: mutable,
  check_plan_items: { kind: 'mutable', delete: true },
  // a checker's unsigned check (its results and photos), dropped when it is signed
  check_drafts: { kind: 'mutable', delete: true },
  report_push_outbox: mutable,

  // 一岗双责台账 (app/modules/leaderledger): leaders and their recorders are appointed by the platform
  // administrator (appointLeader: inserted, or the cover and recorder changed; audited; never deleted, the
  // sheets refer to them);
  // a month, its entries, withdrawals of unsigned drafts, signatures and files are only ever added;
  // the month's one column the app sets is submitted_at, once, at the first signature (trigger)
  // the appointments write the cover and the recorder; who the book belongs to (user_id) is never rewritten
  leader_ledger_leaders: { kind: 'sign-once', update: ['department_id', 'position', 'title', 'charge_areas', 'recorder_user_id'] },
  leader_ledger_sheets: { kind: 'sign-once', update: ['submitted_at'] },
  leader_ledger_entries: appendOnly,
  leader_ledger_withdrawals: appendOnly,
  leader_ledger_signatures: appendOnly,
  leader_ledger_files: appendOnly,
  // an unsigned month's entries are proposed, typed, edited and removed; the trigger refuses it once signed
  duty_log_entries: { kind: 'mutable', delete: true },
  // a line removed from an unsigned month: what it said and its spent form key, kept
  duty_log_removed_entries: appendOnly,
  // the enterprise's 考核 period and who assesses the 主要负责人
  assessment_settings: mutable,
}

/** The statements that grant one table's access to the role (after everything was revoked). */
export function grantStatements(table: string, access: TableAccess, role = APP_ROLE): string[] {
  const t = quoteIdent(table)
  const r = quoteIdent(role)
  switch (access.kind) {
    case 'read':
      return [`grant select on ${t} to ${r}`]
    case 'append-only':
      return [`grant select, insert on ${t} to ${r}`]
    case 'sign-once':
      return [`grant select, insert on ${t} to ${r}`, `grant update (${access.update.map(quoteIdent).join(', ')}) on ${t} to ${r}`]
    case 'ledger-head':
      return [`grant select, insert, update on ${t} to ${r}`]
    case 'mutable':
      return [`grant select, insert, update${access.delete ? ', delete' : ''} on ${t} to ${r}`]
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

export async function schemaTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db)
  return rows.map((r) => r.name)
}

/** Tables in the schema that TABLE_ACCESS does not classify, and classified tables that do not exist. */
export async function classificationGaps(db: Kysely<Database>): Promise<{ unclassified: string[]; missing: string[] }> {
  const tables = await schemaTables(db)
  return {
    unclassified: tables.filter((t) => !(t in TABLE_ACCESS)),
    missing: Object.keys(TABLE_ACCESS).filter((t) => !tables.includes(t)),
  }
}

export interface PrivilegeOptions {
  /** the role's password; none (local trust authentication) when absent */
  password?: string
}

/** The app role's password: ANZETONG_APP_PASSWORD, else the password in DATABASE_URL when it names the role. */
export function appRolePassword(e: Pick<Env, 'ANZETONG_APP_PASSWORD' | 'DATABASE_URL'> = env()): string | undefined {
  if (e.ANZETONG_APP_PASSWORD) return e.ANZETONG_APP_PASSWORD
  if (!e.DATABASE_URL) return undefined
  try {
    const url = new URL(e.DATABASE_URL)
    if (decodeURIComponent(url.username) === APP_ROLE && url.password) return decodeURIComponent(url.password)
  } catch {
    // not a URL: no password from it
  }
  return undefined
}

async function ensureRole(db: Kysely<Database>, options: PrivilegeOptions): Promise<void> {
  const role = quoteIdent(APP_ROLE)
  const found = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcreatedb: boolean; rolcreaterole: boolean; rolcanlogin: boolean }>`
    select rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolcanlogin from pg_roles where rolname = ${APP_ROLE}`.execute(db)
  if (found.rows.length === 0) {
    try {
      await sql.raw(`create role ${role} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls`).execute(db)
    } catch (error) {
      // another migrate (a parallel test file) created it a moment ago: fine
      const code = (error as { code?: string }).code
      if (code !== '42710' && code !== '23505') throw error
    }
  } else {
    const r = found.rows[0]!
    if (r.rolsuper || r.rolbypassrls || r.rolcreatedb || r.rolcreaterole || !r.rolcanlogin) {
      await sql.raw(`alter role ${role} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls`).execute(db)
    }
  }
  if (options.password) await sql`alter role ${sql.raw(role)} password ${sql.lit(options.password)}`.execute(db)
}

/**
 * Creates the app role if absent and grants it exactly TABLE_ACCESS on this database. Idempotent; run
 * by `npm run db:migrate` as the owner after the migrations. Refuses to run as the app role itself, on
 * a schema with an unclassified table, or when the role owns anything.
 */
export async function applyPrivileges(db: Kysely<Database>, options: PrivilegeOptions = {}): Promise<void> {
  const who = await sql<{ user: string }>`select current_user as user`.execute(db)
  if (who.rows[0]?.user === APP_ROLE) {
    throw new Error(`迁移须以数据库所有者身份执行，而不是应用账号 ${APP_ROLE}：请设置 MIGRATION_DATABASE_URL 为所有者的连接串。`)
  }
  const gaps = await classificationGaps(db)
  if (gaps.unclassified.length) {
    throw new Error(`以下数据表未在 db/privileges.ts 中分类，无法为 ${APP_ROLE} 授权：${gaps.unclassified.join('、')}`)
  }
  await ensureRole(db, options)
  const owned = await sql<{ n: number }>`
    select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = ${APP_ROLE}`.execute(db)
  if ((owned.rows[0]?.n ?? 0) > 0) throw new Error(`应用账号 ${APP_ROLE} 不得拥有数据库对象，请将其对象的所有权转给所有者后重试。`)
  const role = quoteIdent(APP_ROLE)
  await db.transaction().execute(async (trx) => {
    const database = await sql<{ name: string }>`select current_database() as name`.execute(trx)
    const databaseName = quoteIdent(database.rows[0]!.name)
    // No temporary tables: a temp table is searched before public, so a role that may create one could
    // shadow a table a guard trigger reads (a fake `acknowledgements` row vouching for a forged ledger
    // head). PUBLIC holds TEMPORARY by default; the app role gets CONNECT only.
    await sql.raw(`revoke temporary on database ${databaseName} from public`).execute(trx)
    await sql.raw(`revoke temporary on database ${databaseName} from ${role}`).execute(trx)
    await sql.raw(`grant connect on database ${databaseName} to ${role}`).execute(trx)
    // …and every function of the schema (the guard triggers) resolves names in pg_catalog, then public,
    // and pg_temp last, whatever search_path the caller set: a function added by a later migration is
    // pinned here too, since this runs after every migrate.
    await pinFunctionSearchPaths(trx)
    await sql.raw(`grant usage on schema public to ${role}`).execute(trx)
    await sql.raw(`revoke create on schema public from ${role}`).execute(trx)
    // start from nothing, so a privilege removed here is removed from the database too
    await sql.raw(`revoke all on all tables in schema public from ${role}`).execute(trx)
    await sql.raw(`revoke all on all sequences in schema public from ${role}`).execute(trx)
    // column grants are not removed by the table-level revoke
    const columnGrants = await sql<{ table_name: string; column_name: string; privilege_type: string }>`
      select table_name, column_name, privilege_type from information_schema.column_privileges
      where grantee = ${APP_ROLE} and table_schema = 'public'`.execute(trx)
    for (const g of columnGrants.rows) {
      await sql.raw(`revoke ${g.privilege_type} (${quoteIdent(g.column_name)}) on ${quoteIdent(g.table_name)} from ${role}`).execute(trx)
    }
    for (const table of gaps.missing.length
      ? Object.keys(TABLE_ACCESS).filter((t) => !gaps.missing.includes(t))
      : Object.keys(TABLE_ACCESS)) {
      for (const statement of grantStatements(table, TABLE_ACCESS[table]!)) await sql.raw(statement).execute(trx)
    }
    await sql.raw(`grant usage, select on all sequences in schema public to ${role}`).execute(trx)
  })
}

/** The search_path every function of the public schema runs with. */
export const FUNCTION_SEARCH_PATH = 'pg_catalog, public, pg_temp'

async function pinFunctionSearchPaths(db: Kysely<Database>): Promise<void> {
  const functions = await sql<{ signature: string }>`
    select p.oid::regprocedure::text as signature from pg_proc p
    where p.pronamespace = 'public'::regnamespace and p.prokind = 'f'
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`.execute(db)
  for (const f of functions.rows) {
    await sql.raw(`alter function ${f.signature} set search_path = ${FUNCTION_SEARCH_PATH}`).execute(db)
  }
}

/** The URL the app uses: the owner's URL with the app role as its user (and the role's password, if any). */
export function appRoleUrl(ownerUrl: string, password?: string): string {
  const url = new URL(ownerUrl)
  url.username = APP_ROLE
  url.password = password ? encodeURIComponent(password) : ''
  return url.toString()
}

/**
 * What `npm run db:migrate` does (and `db:seed` first): the migrations, then on PostgreSQL the app
 * role's grants. Returns one line per step for the operator.
 */
export async function migrateAndGrant(handle: DatabaseHandle): Promise<string[]> {
  const applied = await migrateToLatest(handle.db)
  const said = [applied.length ? `已执行迁移：${applied.join(', ')}` : '数据库结构已是最新']
  if (handle.engine === 'pg') {
    await applyPrivileges(handle.db, { password: appRolePassword() })
    said.push(`已为应用账号 ${APP_ROLE} 授权（db/privileges.ts）`)
  }
  return said
}
