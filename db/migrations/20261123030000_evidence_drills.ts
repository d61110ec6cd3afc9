import { sql, type Kysely } from 'kysely'

// Evidence files (one facility for every module), emergency plans and drills.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence_files')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    // what the file is evidence of: e.g. ('drill', drill id, 'assessment')
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'uuid', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('evidence_files_pk', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('evidence_files_owner_idx').on('evidence_files').columns(['enterprise_id', 'owner_kind', 'owner_id']).execute()
  // Evidence is not rewritten: a wrong file is superseded by a new one, the old stays on record.
  await sql`create trigger evidence_files_append_only before update or delete on evidence_files
    for each row execute function append_only()`.execute(db)

  await db.schema
    .createTable('emergency_plans')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('综合预案','专项预案','现场处置方案')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('filed_on', 'date')
    .addColumn('reviewed_on', 'date')
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('emergency_plans_pk', ['enterprise_id', 'id'])
    .execute()

  await db.schema
    .createTable('drills')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull())
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull().check(sql`form in ('桌面','实战')`))
    .addColumn('participants', 'integer', (c) => c.notNull().check(sql`participants > 0`))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('drills_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('drills_plan_fk', ['enterprise_id', 'plan_id'], 'emergency_plans', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('drills_held_idx').on('drills').columns(['enterprise_id', 'held_on']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('drills').ifExists().execute()
  await db.schema.dropTable('emergency_plans').ifExists().execute()
  await db.schema.dropTable('evidence_files').ifExists().execute()
}
