import { sql, type Kysely } from 'kysely'

// Imports of 100,000 rows in constant memory (issue 17): a batch's checked rows are staged in chunks
// of about 1,000 (one row each here) instead of one jsonb value that had to be built, sent and read
// back whole. The batch keeps how many rows were staged and how many problems were found; it keeps
// only the first problems themselves (the preview lists the first 500). Batches of the small imports
// (posts, sign-in sheets) keep their rows in import_batches.rows as before, and leave both counts null.
// 身份证号 are looked up per chunk (= any) to refuse a number already on the roster: an index for it.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_batch_chunks')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('batch_id', 'uuid', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('rows', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_batch_chunks_pk', ['enterprise_id', 'batch_id', 'seq'])
    .addForeignKeyConstraint('import_batch_chunks_batch_fk', ['enterprise_id', 'batch_id'], 'import_batches', ['enterprise_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
  await db.schema.alterTable('import_batches').addColumn('staged_count', 'integer').execute()
  await db.schema.alterTable('import_batches').addColumn('problem_count', 'integer').execute()
  await sql`create index employees_id_card_idx on employees (enterprise_id, id_card) where id_card is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists employees_id_card_idx`.execute(db)
  await db.schema.alterTable('import_batches').dropColumn('problem_count').execute()
  await db.schema.alterTable('import_batches').dropColumn('staged_count').execute()
  await db.schema.dropTable('import_batch_chunks').ifExists().execute()
}
