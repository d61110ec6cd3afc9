import { sql, type Kysely } from 'kysely'

// The checks page and item 14 count each plan's done periods of the quarter so far in one aggregate
// (checks.server.ts quarterFigures). checks_plan_period_idx (enterprise_id, plan_id, period_start) cannot
// bound it by the quarter, so the planner read every check of the enterprise (67,762 for the city's
// largest, 56,008 of them thrown away by the join filter); this index reads the quarter's checks only,
// from the index (the columns the aggregate needs are included).
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index checks_period_end_idx on checks (enterprise_id, period_end) include (plan_id, period_key, period_start)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists checks_period_end_idx`.execute(db)
}
