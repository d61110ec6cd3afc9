import { sql, type Kysely } from 'kysely'

// The 隐患统计 red flag (hazard-stats/stats.server.ts hazardStatsFlagSql) asks, for a due period, which
// enterprises signed its table in time: Postgres hashes them from hazard_stat_reports, which it read
// whole, each row with its snapshot (88,721 rows, 99 MB on azt_scale; 12,600 buffers and 35-50 ms,
// again for every 2,000-row batch of the enterprise export). This index answers the question from
// itself: the period's signed tables in signing order, with their enterprise (about 100 buffers, 3 ms).
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index hazard_stat_reports_period_signed_idx on hazard_stat_reports (period, signed_at) include (enterprise_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists hazard_stat_reports_period_signed_idx`.execute(db)
}
