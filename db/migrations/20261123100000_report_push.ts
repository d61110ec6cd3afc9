import { sql, type Kysely } from 'kysely'

// Pushing published status reports to a provincial platform. push_endpoints is a reference table
// (one receiver per region, set by the platform admin); report_push_outbox is enterprise-owned and
// written in the same transaction that publishes the report, so a report is never published without
// its pushes queued, nor queued without being published. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('push_endpoints')
    .addColumn('region_code', 'text', (c) => c.primaryKey().references('regions.code'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id'))
    .execute()

  await db.schema
    .createTable('report_push_outbox')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('report_id', 'uuid', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('push_endpoints.region_code'))
    // the receiver dedupes on it: every attempt of one row carries the same key
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','delivered','dead')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('report_push_outbox_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('report_push_outbox_report_fk', ['enterprise_id', 'report_id'], 'status_reports', ['enterprise_id', 'id'])
    .execute()
  // The delivery loop's claim: due pending rows, oldest first; delivered and dead rows stay out of it.
  await sql`create index report_push_outbox_due_idx on report_push_outbox (next_attempt_at) where status = 'pending'`.execute(db)
  // The platform admin's listing filters by status, newest first.
  await sql`create index report_push_outbox_status_idx on report_push_outbox (status, created_at desc)`.execute(db)
  await sql`create index report_push_outbox_report_idx on report_push_outbox (enterprise_id, report_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_push_outbox').ifExists().execute()
  await db.schema.dropTable('push_endpoints').ifExists().execute()
}
