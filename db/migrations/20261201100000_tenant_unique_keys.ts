import { sql, type Kysely } from 'kysely'

// Every unique key of an enterprise-owned table includes enterprise_id (the design's tenancy rule, and
// what Citus needs to enforce a unique key on a table distributed by enterprise_id; the check is
// tests/integration/citus-readiness.test.ts). Three keys were global; each becomes per-enterprise with no
// change in what it allows:
// - evidence_files.storage_key starts with the enterprise's id (`<enterprise_id>/<uuid>`), so it was
//   already unique per enterprise exactly when it was unique overall;
// - invitations.token_hash is the SHA-256 of 32 random bytes: the invitation page looks it up by the
//   hash alone (the link carries nothing else), so a plain index keeps that lookup;
// - report_push_outbox.idempotency_key names the report (a UUID) and the region: per enterprise is the
//   same set of keys. The queue's `on conflict` names both columns.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table evidence_files drop constraint evidence_files_storage_key_key`.execute(db)
  await sql`alter table evidence_files add constraint evidence_files_storage_key_uq unique (enterprise_id, storage_key)`.execute(db)
  await sql`alter table invitations drop constraint invitations_token_hash_key`.execute(db)
  await sql`alter table invitations add constraint invitations_token_hash_uq unique (enterprise_id, token_hash)`.execute(db)
  await sql`create index invitations_token_hash_idx on invitations (token_hash)`.execute(db)
  await sql`alter table report_push_outbox drop constraint report_push_outbox_idempotency_key_key`.execute(db)
  await sql`alter table report_push_outbox add constraint report_push_outbox_idempotency_key_uq unique (enterprise_id, idempotency_key)`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table report_push_outbox drop constraint report_push_outbox_idempotency_key_uq`.execute(db)
  await sql`alter table report_push_outbox add constraint report_push_outbox_idempotency_key_key unique (idempotency_key)`.execute(db)
  await sql`drop index invitations_token_hash_idx`.execute(db)
  await sql`alter table invitations drop constraint invitations_token_hash_uq`.execute(db)
  await sql`alter table invitations add constraint invitations_token_hash_key unique (token_hash)`.execute(db)
  await sql`alter table evidence_files drop constraint evidence_files_storage_key_uq`.execute(db)
  await sql`alter table evidence_files add constraint evidence_files_storage_key_key unique (storage_key)`.execute(db)
}
