import { sql, type Kysely } from 'kysely'

// Issue 15 §4, one closed loop: an order's answer (整改回复) is the end of its items' hazards, not a
// second loop beside them. Frozen in time: never edit after it lands.
//  - rectification_events.hazards: the answer carries each item's hazard record as it was closed
//    (measures, the rectification, who accepted or wrote it off and when, its photos), so the
//    department's 复查 reads what the enterprise's 验收 or its own 核销 saw;
//  - an answer cannot be written while a hazard of the order is not closed (销号, or 核销 for 重大):
//    the supervision module refuses it first (rules.ts), and the database holds the same rule.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rectification_events')
    .addColumn('hazards', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute()
  await sql`
    create function rectification_answer_closed_loop() returns trigger language plpgsql as $$
    begin
      if new.kind = 'answer' and exists (
           select 1 from hazards h
           where h.enterprise_id = new.enterprise_id and h.order_id = new.order_id and h.status <> 'closed') then
        raise exception 'an order is answered only after every hazard of its items is closed' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger rectification_answer_closed_loop before insert on rectification_events
    for each row execute function rectification_answer_closed_loop()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists rectification_answer_closed_loop on rectification_events`.execute(db)
  await sql`drop function if exists rectification_answer_closed_loop()`.execute(db)
  await db.schema.alterTable('rectification_events').dropColumn('hazards').execute()
}
