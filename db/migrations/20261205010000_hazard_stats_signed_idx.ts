import { sql, type Kysely } from 'kysely'

// The dashboard's 隐患统计 flag (hazardStatsFlagSql) asks, for each due period, which enterprises signed
// their table in time: `period = p and signed_at < due`, hashed once for every enterprise in scope. With
// only (enterprise_id, period) to go by, Postgres read the whole table for it, and its rows carry their
// frozen snapshot (99 MB on the city; 217 ms of the figures' 310 under load) for a few bytes each. This
// index answers it from the index alone (period, then signed_at, with the enterprise included): about
// 16,000 entries of a period, under a megabyte, where the table's visibility map is kept (autovacuum).
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index hazard_stat_reports_signed_idx on hazard_stat_reports (period, signed_at) include (enterprise_id) where signed_at is not null`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists hazard_stat_reports_signed_idx`.execute(db)
}
