import { sql, type Kysely } from 'kysely'

// Issue 10 part B — exactly-once in the schema and the ledger anchored in signed reports.
// Frozen in time: never edit after it lands.
//  - one confirmation per (enterprise, employee, post, version);
//  - one approval per step of one submission (approval_key = submission instant # step index);
//  - one review per answer of a rectification order (answer_id);
//  - the enterprise's ledger head frozen into each status report when the head signs it;
//  - ledger_heads guarded like the ledger: no delete or truncate, and the head may only move to a
//    row that exists in the chain (seq + 1 with that row's hash, from the previous head's hash).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index acknowledgements_once_uq on acknowledgements (enterprise_id, employee_id, post_id, version_id)`.execute(db)

  await sql`alter table duty_list_events add column approval_key text`.execute(db)
  await sql`create unique index duty_list_events_approval_uq on duty_list_events (enterprise_id, version_id, approval_key) where approval_key is not null`.execute(db)

  await sql`alter table rectification_events add column answer_id uuid`.execute(db)
  await sql`create unique index rectification_events_review_uq on rectification_events (enterprise_id, answer_id) where answer_id is not null`.execute(db)

  await sql`alter table status_reports add column ledger_seq bigint, add column ledger_hash text`.execute(db)
  await sql`alter table status_reports add constraint status_reports_anchor_ck
    check ((ledger_seq is null) = (ledger_hash is null) and (ledger_seq is null or ledger_seq >= 0))`.execute(db)
  await sql`create index status_reports_anchor_idx on status_reports (enterprise_id, ledger_seq) where ledger_seq is not null`.execute(db)

  await sql`
    create function ledger_heads_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' or tg_op = 'TRUNCATE' then
        raise exception 'ledger_heads is append-only' using errcode = 'check_violation';
      end if;
      if tg_op = 'INSERT' then
        if (new.seq = 0 and new.last_hash = repeat('0', 64))
           or exists (select 1 from acknowledgements k where k.enterprise_id = new.enterprise_id and k.seq = new.seq and k.row_hash = new.last_hash) then
          return new;
        end if;
        raise exception 'ledger head must be the genesis or a row of the chain' using errcode = 'check_violation';
      end if;
      if new.enterprise_id = old.enterprise_id and new.seq = old.seq + 1
         and exists (select 1 from acknowledgements k where k.enterprise_id = new.enterprise_id and k.seq = new.seq
                       and k.row_hash = new.last_hash and k.prev_hash = old.last_hash) then
        return new;
      end if;
      raise exception 'ledger head may only advance by one appended row' using errcode = 'check_violation';
    end $$`.execute(db)
  await sql`create trigger ledger_heads_guard before insert or update or delete on ledger_heads
    for each row execute function ledger_heads_guard()`.execute(db)
  await sql`create trigger ledger_heads_no_truncate before truncate on ledger_heads
    for each statement execute function ledger_heads_guard()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists ledger_heads_no_truncate on ledger_heads`.execute(db)
  await sql`drop trigger if exists ledger_heads_guard on ledger_heads`.execute(db)
  await sql`drop function if exists ledger_heads_guard()`.execute(db)
  await sql`drop index if exists status_reports_anchor_idx`.execute(db)
  await sql`alter table status_reports drop constraint if exists status_reports_anchor_ck, drop column if exists ledger_seq, drop column if exists ledger_hash`.execute(db)
  await sql`drop index if exists rectification_events_review_uq`.execute(db)
  await sql`alter table rectification_events drop column if exists answer_id`.execute(db)
  await sql`drop index if exists duty_list_events_approval_uq`.execute(db)
  await sql`alter table duty_list_events drop column if exists approval_key`.execute(db)
  await sql`drop index if exists acknowledgements_once_uq`.execute(db)
}
