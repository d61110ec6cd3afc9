import { sql, type Kysely } from 'kysely'

// The 双重预防 register's two new kinds, checked like the others (20261202070000_enum_checks): a 专项管控方案
// file hangs on a risk (owner_kind 'risk-plan'), and the register is imported through the one pipeline
// (import batch kind 'risk-register'). db/types.ts holds the same unions.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table evidence_files drop constraint evidence_files_owner_kind_ck`.execute(db)
  await sql`alter table evidence_files add constraint evidence_files_owner_kind_ck check (
    owner_kind in ('training','certificate','plan','drill','meeting','rectification-answer','hazard-report','hazard-rectify','risk-plan')
    or owner_kind ~ '^obligation-([1-9]|1[0-9]|20)$')`.execute(db)
  await sql`alter table import_batches drop constraint import_batches_kind_ck`.execute(db)
  await sql`alter table import_batches add constraint import_batches_kind_ck check (kind in ('posts','roster','attendance','risk-register'))`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table import_batches drop constraint import_batches_kind_ck`.execute(db)
  await sql`alter table import_batches add constraint import_batches_kind_ck check (kind in ('posts','roster','attendance'))`.execute(db)
  await sql`alter table evidence_files drop constraint evidence_files_owner_kind_ck`.execute(db)
  await sql`alter table evidence_files add constraint evidence_files_owner_kind_ck check (
    owner_kind in ('training','certificate','plan','drill','meeting','rectification-answer','hazard-report','hazard-rectify')
    or owner_kind ~ '^obligation-([1-9]|1[0-9]|20)$')`.execute(db)
}
