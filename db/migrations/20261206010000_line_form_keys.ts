import { sql, type Kysely } from 'kysely'

// One line per form sent, however often it is sent. A double click, a form resent from the browser's
// history or a phone's network retrying posted the same 履职记录 line, 更正 or 一岗双责台账 line twenty
// times and left twenty rows. Each of these forms now carries a key generated once per form shown (as the
// hazard report's report_key does); the module answers a key it has seen with the line already made.
// The key is unique within the month it was written into: the enterprise's (enterprise_id first, as every
// unique key of an enterprise-owned table, for Citus) and the month's, whose row the module locks before
// it looks, so twenty at once find one line. The leader ledger has no enterprise: its key is its sheet's,
// as its entries' numbers are. Adding a column leaves the tables' freeze and append-only triggers as
// they are: no existing row changes.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('duty_log_entries').addColumn('form_key', 'uuid').execute()
  await sql`create unique index duty_log_entries_form_key_uq on duty_log_entries (enterprise_id, month_id, form_key)
    where form_key is not null`.execute(db)
  await db.schema.alterTable('duty_log_corrections').addColumn('form_key', 'uuid').execute()
  await sql`create unique index duty_log_corrections_form_key_uq on duty_log_corrections (enterprise_id, month_id, form_key)
    where form_key is not null`.execute(db)
  await db.schema.alterTable('leader_ledger_entries').addColumn('form_key', 'uuid').execute()
  await sql`create unique index leader_ledger_entries_form_key_uq on leader_ledger_entries (sheet_id, form_key)
    where form_key is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists leader_ledger_entries_form_key_uq`.execute(db)
  await db.schema.alterTable('leader_ledger_entries').dropColumn('form_key').execute()
  await sql`drop index if exists duty_log_corrections_form_key_uq`.execute(db)
  await db.schema.alterTable('duty_log_corrections').dropColumn('form_key').execute()
  await sql`drop index if exists duty_log_entries_form_key_uq`.execute(db)
  await db.schema.alterTable('duty_log_entries').dropColumn('form_key').execute()
}
