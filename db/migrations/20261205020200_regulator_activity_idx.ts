import { sql, type Kysely } from 'kysely'

// A leader's 履职台账 month (leaderledger activityOf) proposes the 督办 and 核销 the leader signed and
// the orders they reviewed in the month (hazards.server.ts majorHazardStepsBy, supervision.server.ts
// regulatorActivity). Neither table had an index by signer: the hazard steps were a parallel seq scan
// of the city's every hazard step (4.1 million on azt_scale, 516 ms per view of a month being kept),
// the reviews a scan of every order event. These hold only the regulators' steps, by signer and time.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index hazard_events_regulator_step_idx on hazard_events (by_user_id, at) where step in ('supervise', 'write_off')`.execute(
    db,
  )
  await sql`create index rectification_events_review_by_idx on rectification_events (by_user_id, at) where kind in ('accept', 'return')`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists rectification_events_review_by_idx`.execute(db)
  await sql`drop index if exists hazard_events_regulator_step_idx`.execute(db)
}
