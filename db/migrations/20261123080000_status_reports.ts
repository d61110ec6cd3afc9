import { sql, type Kysely } from 'kysely'

// 安全生产状况报告: a frozen snapshot of the enterprise's figures, published when the 主要负责人
// signs; regulators' views of it are logged for the enterprise to see. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_reports')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('signed_by', 'uuid')
    .addColumn('signed_by_name', 'text')
    .addColumn('published_at', 'timestamptz')
    .addPrimaryKeyConstraint('status_reports_pk', ['enterprise_id', 'id'])
    .execute()
  await sql`create index status_reports_published_idx on status_reports (enterprise_id, published_at desc) where published_at is not null`.execute(db)
  await sql`
    create function status_reports_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' or new.snapshot is distinct from old.snapshot or new.created_at is distinct from old.created_at
         or old.published_at is not null then
        raise exception 'status report is frozen' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger status_reports_freeze before update or delete on status_reports
    for each row execute function status_reports_frozen()`.execute(db)

  await db.schema
    .createTable('report_views')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('report_id', 'uuid', (c) => c.notNull())
    .addColumn('viewer_user_id', 'uuid', (c) => c.notNull())
    .addColumn('viewer_name', 'text', (c) => c.notNull())
    .addColumn('department_name', 'text', (c) => c.notNull())
    .addColumn('viewed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('report_views_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('report_views_report_fk', ['enterprise_id', 'report_id'], 'status_reports', ['enterprise_id', 'id'])
    .execute()
  await sql`create trigger report_views_append_only before update or delete on report_views
    for each row execute function append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_views').ifExists().execute()
  await db.schema.dropTable('status_reports').ifExists().execute()
  await sql`drop function if exists status_reports_frozen()`.execute(db)
}
