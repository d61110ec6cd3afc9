import { sql, type Kysely } from 'kysely'

// 企业安全生产主体责任二十条: each enterprise's declared state of each item, as an append-only history
// (the latest row is the current state). Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('obligation_states')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('item_no', 'smallint', (c) => c.notNull().check(sql`item_no between 1 and 20`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('已落实','部分落实','未落实','不适用')`))
    .addColumn('reason', 'text')
    .addColumn('responsible', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reviewed_on', 'date', (c) => c.notNull())
    .addColumn('next_review_on', 'date')
    .addColumn('set_by', 'uuid', (c) => c.notNull())
    .addColumn('set_by_name', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('obligation_states_pk', ['enterprise_id', 'id'])
    .addCheckConstraint('obligation_states_reason_ck', sql`status <> '不适用' or coalesce(reason, '') <> ''`)
    .execute()
  await db.schema.createIndex('obligation_states_item_idx').on('obligation_states').columns(['enterprise_id', 'item_no', 'set_at']).execute()
  await sql`create trigger obligation_states_append_only before update or delete on obligation_states
    for each row execute function append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('obligation_states').ifExists().execute()
}
