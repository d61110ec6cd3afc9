import { sql, type Kysely } from 'kysely'

// The string enums that were free text in the database become checked values, like every other
// enum column: the kind of record an evidence file hangs on and its slot, an import batch's kind, a
// reminder's kind. db/types.ts holds the same values as unions (EvidenceOwnerKind, EvidenceSlot,
// ImportBatchKind, ReminderKind); a new value is added there and in a new migration.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table evidence_files add constraint evidence_files_owner_kind_ck check (
    owner_kind in ('training','certificate','plan','drill','meeting','rectification-answer','hazard-report','hazard-rectify')
    or owner_kind ~ '^obligation-([1-9]|1[0-9]|20)$')`.execute(db)
  await sql`alter table evidence_files add constraint evidence_files_slot_ck check (
    slot in ('scheme','script','assessment','photo','signin','exam','plan','scan','minutes','answer','evidence'))`.execute(db)
  await sql`alter table import_batches add constraint import_batches_kind_ck check (kind in ('posts','roster','attendance'))`.execute(db)
  await sql`alter table reminders add constraint reminders_kind_ck check (kind in ('acknowledgement_overdue'))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table reminders drop constraint if exists reminders_kind_ck`.execute(db)
  await sql`alter table import_batches drop constraint if exists import_batches_kind_ck`.execute(db)
  await sql`alter table evidence_files drop constraint if exists evidence_files_slot_ck`.execute(db)
  await sql`alter table evidence_files drop constraint if exists evidence_files_owner_kind_ck`.execute(db)
}
