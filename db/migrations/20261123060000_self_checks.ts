import { sql, type Kysely } from 'kysely'

// 自查: a self-check freezes every item's state and figures at one moment; the 主要负责人 signs it once.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('self_checks')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('signed_by', 'uuid')
    .addColumn('signed_by_name', 'text')
    .addColumn('signed_post', 'text')
    .addColumn('signed_at', 'timestamptz')
    .addPrimaryKeyConstraint('self_checks_pk', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('self_checks_created_idx').on('self_checks').columns(['enterprise_id', 'created_at']).execute()
  // The snapshot never changes; the signature is added once and never changed or removed.
  await sql`
    create function self_checks_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' or new.snapshot is distinct from old.snapshot or new.created_at is distinct from old.created_at
         or old.signed_at is not null then
        raise exception 'self check is frozen' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger self_checks_freeze before update or delete on self_checks
    for each row execute function self_checks_frozen()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('self_checks').ifExists().execute()
  await sql`drop function if exists self_checks_frozen()`.execute(db)
}
