import { sql, type Kysely } from 'kysely'

// Supervision: the dashboard's per-enterprise figures, inspections (《安全生产法》第六十五条) and
// rectification orders (责令限期整改). Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  // The latest published report's figures, one row per enterprise, rewritten at each publication.
  // A derived cache for the city-wide dashboard (filter and sort 20,000 rows without opening 240,000
  // snapshots); the reports themselves stay the evidence.
  await db.schema
    .createTable('enterprise_report_status')
    .addColumn('enterprise_id', 'uuid', (c) => c.primaryKey().references('enterprises.id').onDelete('cascade'))
    .addColumn('report_id', 'uuid', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('workers', 'integer', (c) => c.notNull())
    .addColumn('overdue_confirmations', 'integer', (c) => c.notNull())
    .addColumn('missing_certificates', 'integer', (c) => c.notNull())
    .addColumn('overdue_drills', 'integer', (c) => c.notNull())
    .addColumn('items_unmet', 'integer', (c) => c.notNull())
    .addForeignKeyConstraint('enterprise_report_status_report_fk', ['enterprise_id', 'report_id'], 'status_reports', ['enterprise_id', 'id'])
    .execute()
  // The enterprise's log of regulators' reads: a report, a file behind it, or a file behind an
  // order's answer (no report then); `subject` says which.
  await sql`alter table report_views add column subject text not null default '状况报告'`.execute(db)
  await sql`alter table report_views alter column report_id drop not null`.execute(db)

  await db.schema.createIndex('enterprise_report_status_published_idx').on('enterprise_report_status').columns(['published_at']).execute()

  await db.schema
    .createTable('inspections')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('department_id', 'uuid', (c) => c.notNull().references('departments.id'))
    .addColumn('department_name', 'text', (c) => c.notNull())
    .addColumn('inspected_at', 'timestamptz', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('inspectors', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('handling', 'text', (c) => c.notNull())
    // the inspector signs by recording it under their own account
    .addColumn('inspector_user_id', 'uuid', (c) => c.notNull())
    .addColumn('inspector_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // the enterprise's head signs later under theirs, or the inspector records the refusal (第六十五条)
    .addColumn('head_user_id', 'uuid')
    .addColumn('head_name', 'text')
    .addColumn('head_signed_at', 'timestamptz')
    .addColumn('refusal_note', 'text')
    .addColumn('refusal_recorded_at', 'timestamptz')
    .addPrimaryKeyConstraint('inspections_pk', ['enterprise_id', 'id'])
    .addCheckConstraint('inspections_one_outcome', sql`head_signed_at is null or refusal_recorded_at is null`)
    .execute()
  await db.schema.createIndex('inspections_enterprise_idx').on('inspections').columns(['enterprise_id', 'inspected_at']).execute()
  // The record is written once; only the head's signature or the refusal is added, once.
  await sql`
    create function inspections_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE'
         or (new.department_id, new.inspected_at, new.place, new.inspectors, new.content, new.problems, new.handling,
             new.inspector_user_id, new.inspector_name, new.created_at)
            is distinct from
            (old.department_id, old.inspected_at, old.place, old.inspectors, old.content, old.problems, old.handling,
             old.inspector_user_id, old.inspector_name, old.created_at)
         or old.head_signed_at is not null or old.refusal_recorded_at is not null then
        raise exception 'inspection record is frozen' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger inspections_freeze before update or delete on inspections
    for each row execute function inspections_frozen()`.execute(db)

  await db.schema
    .createTable('rectification_orders')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('inspection_id', 'uuid')
    .addColumn('department_id', 'uuid', (c) => c.notNull().references('departments.id'))
    .addColumn('department_name', 'text', (c) => c.notNull())
    .addColumn('document_no', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'uuid', (c) => c.notNull())
    .addColumn('issued_by_name', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // the earliest item deadline: the order is overdue once it passes with the order still open
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','answered','returned','accepted')`))
    .addColumn('closed_at', 'timestamptz')
    .addPrimaryKeyConstraint('rectification_orders_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('rectification_orders_inspection_fk', ['enterprise_id', 'inspection_id'], 'inspections', ['enterprise_id', 'id'])
    .execute()
  await sql`create index rectification_orders_pending_idx on rectification_orders (enterprise_id, due_date)
    where status in ('open','returned')`.execute(db)
  await db.schema.createIndex('rectification_orders_enterprise_idx').on('rectification_orders').columns(['enterprise_id', 'issued_at']).execute()
  await db.schema.createIndex('rectification_orders_department_idx').on('rectification_orders').columns(['department_id', 'issued_at']).execute()
  // a document number is issued once by its department
  await db.schema.createIndex('rectification_orders_document_no_idx').on('rectification_orders').columns(['department_id', 'document_no']).unique().execute()

  await db.schema
    .createTable('rectification_items')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('order_id', 'uuid', (c) => c.notNull())
    .addColumn('no', 'integer', (c) => c.notNull())
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('rectification_items_pk', ['enterprise_id', 'order_id', 'no'])
    .addForeignKeyConstraint('rectification_items_order_fk', ['enterprise_id', 'order_id'], 'rectification_orders', ['enterprise_id', 'id'], (c) => c.onDelete('cascade'))
    .execute()
  await sql`create trigger rectification_items_append_only before update or delete on rectification_items
    for each row execute function append_only()`.execute(db)

  // The order's history: the enterprise's answers (with evidence) and the regulator's decisions.
  await db.schema
    .createTable('rectification_events')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('order_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('answer','accept','return')`))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'uuid', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('rectification_events_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('rectification_events_order_fk', ['enterprise_id', 'order_id'], 'rectification_orders', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('rectification_events_order_idx').on('rectification_events').columns(['enterprise_id', 'order_id', 'at']).execute()
  await sql`create trigger rectification_events_append_only before update or delete on rectification_events
    for each row execute function append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectification_events').ifExists().execute()
  await db.schema.dropTable('rectification_items').ifExists().execute()
  await db.schema.dropTable('rectification_orders').ifExists().execute()
  await db.schema.dropTable('inspections').ifExists().execute()
  await sql`drop function if exists inspections_frozen()`.execute(db)
  await db.schema.dropTable('enterprise_report_status').ifExists().execute()
}
