import { sql, type Kysely } from 'kysely'

// A signed check's item results and an assessment's item scores were append-only against UPDATE and
// DELETE, but INSERT stayed open to the app's role: another row could be slipped under a check the
// checker signed, or under an assessment the assessed person has signed as seen, changing what the
// record says. Close both:
// - check_results: one row per item, seq 1..items_total of its check (the check states how many items
//   it had when signed); the submission writes them all in its transaction, so none is left to add.
// - assessment_scores: only for an assessment not yet signed as seen, and only for an item (position)
//   of the duty list version it assessed (the position is unique per assessment).
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function check_results_closed() returns trigger language plpgsql as $$
    declare total integer;
    begin
      select items_total into total from checks where enterprise_id = new.enterprise_id and id = new.check_id;
      if total is null or new.seq < 1 or new.seq > total then
        raise exception 'a check result is one of its check''s % items', coalesce(total, 0) using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger check_results_closed before insert on check_results
    for each row execute function check_results_closed()`.execute(db)

  await sql`
    create function assessment_scores_closed() returns trigger language plpgsql as $$
    declare a record;
    begin
      select seen_at, version_id into a from assessments where enterprise_id = new.enterprise_id and id = new.assessment_id;
      if a.seen_at is not null then
        raise exception 'assessment is signed as seen: its scores are frozen' using errcode = 'check_violation';
      end if;
      if not exists (select 1 from duty_items i
                     where i.enterprise_id = new.enterprise_id and i.version_id = a.version_id and i.position = new.position) then
        raise exception 'a score is for an item of the assessed duty list' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger assessment_scores_closed before insert on assessment_scores
    for each row execute function assessment_scores_closed()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists assessment_scores_closed on assessment_scores`.execute(db)
  await sql`drop trigger if exists check_results_closed on check_results`.execute(db)
  await sql`drop function if exists assessment_scores_closed(), check_results_closed()`.execute(db)
}
