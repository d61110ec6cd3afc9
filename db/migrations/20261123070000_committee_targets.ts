import { sql, type Kysely } from 'kysely'

// The two light records the twenty items read: 安委会 meetings and annual 安全生产目标责任书
// signed online by post holders. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('committee_meetings')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('chair', 'text', (c) => c.notNull())
    .addColumn('attendees', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('committee_meetings_pk', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('committee_meetings_held_idx').on('committee_meetings').columns(['enterprise_id', 'held_on']).execute()

  await db.schema
    .createTable('target_agreements')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('post_name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'uuid', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('signed_at', 'timestamptz')
    .addColumn('signature_kind', 'text')
    .addColumn('signature', 'text')
    .addColumn('client_ip', 'text')
    .addPrimaryKeyConstraint('target_agreements_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('target_agreements_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .addUniqueConstraint('target_agreements_year_uq', ['enterprise_id', 'year', 'employee_id', 'post_name'])
    .execute()
  // Signed once; after that nothing changes.
  await sql`
    create function target_agreements_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.signed_at is not null then raise exception 'signed target agreement is frozen' using errcode = 'check_violation'; end if;
        return old;
      end if;
      if old.signed_at is not null or new.content is distinct from old.content then
        raise exception 'signed target agreement is frozen' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger target_agreements_freeze before update or delete on target_agreements
    for each row execute function target_agreements_frozen()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('target_agreements').ifExists().execute()
  await db.schema.dropTable('committee_meetings').ifExists().execute()
  await sql`drop function if exists target_agreements_frozen()`.execute(db)
}
