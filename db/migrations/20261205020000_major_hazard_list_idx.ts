import { sql, type Kysely } from 'kysely'

// The regulator's 重大隐患 list (hazards.server.ts majorHazardsInScope) shows 待核销 first, then the
// other open ones, then the closed, newest first within each, at most 500 rows. With no index in that
// order it read every 重大 hazard in scope to sort them: for 已核销 and 全部 a parallel seq scan of all
// the city's hazards (1,030,000 rows, 250 ms on azt_scale), for 未销号 all 2,775 open ones. This index
// holds the 重大 hazards (15,134 of them) in the list's order; the list filters its state on the same
// expression, so the query walks the index and stops at the page's rows (2–3 ms on azt_scale).
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index hazards_major_list_idx on hazards
    ((case when status = 'resume_requested' then 0 when status <> 'closed' then 1 else 2 end), reported_at desc)
    where grade = 'major'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists hazards_major_list_idx`.execute(db)
}
