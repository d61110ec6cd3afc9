import { sql, type Kysely } from 'kysely'

// A 履职记录 line removed from an unsigned month leaves a record of itself. Two reasons:
// - its form's key must stay spent. A line was found by its key only while it existed, so the same
//   form sent again after the line was removed (a phone's retry, a page resent from history) wrote
//   the line back;
// - who took what off a month's sheet before it was signed is kept, as the audit keeps other removals.
// The record is the whole line as it was, with who removed it and when. Append-only (select and insert
// for the app's role; a trigger refuses update and delete). Before a record is taken, the database
// checks what the module claims: the line is gone from duty_log_entries (removed in this transaction),
// its month is unsigned, and removed_by is the request's user (signer_is_actor, 20261202110000). The key
// is unique within its month, as on the lines themselves, and enterprise_id leads every key (Citus).
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table duty_log_removed_entries (
      enterprise_id uuid not null references enterprises(id),
      entry_id uuid not null,
      month_id uuid not null,
      occurred_on date not null,
      content text not null,
      participants text not null,
      remark text not null,
      source text,
      form_key uuid,
      created_by uuid not null references users(id),
      created_at timestamptz not null,
      removed_by uuid not null references users(id),
      removed_at timestamptz not null,
      constraint duty_log_removed_entries_pk primary key (enterprise_id, entry_id),
      constraint duty_log_removed_entries_month_fk foreign key (enterprise_id, month_id) references duty_log_months(enterprise_id, id)
    )`.execute(db)
  await sql`create unique index duty_log_removed_entries_form_key_uq on duty_log_removed_entries (enterprise_id, month_id, form_key)
    where form_key is not null`.execute(db)
  await sql`
    create function duty_log_removed_entry_check() returns trigger language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    declare signed timestamptz;
    begin
      select m.signed_at into signed from public.duty_log_months m
        where m.enterprise_id = new.enterprise_id and m.id = new.month_id for share;
      if signed is not null then
        raise exception 'a line is removed from an unsigned month only' using errcode = 'check_violation';
      end if;
      if exists (select 1 from public.duty_log_entries e where e.enterprise_id = new.enterprise_id and e.id = new.entry_id) then
        raise exception 'a removed line is recorded once it is gone' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger duty_log_removed_entries_check before insert on duty_log_removed_entries
    for each row execute function duty_log_removed_entry_check()`.execute(db)
  await sql`create trigger duty_log_removed_entries_signer_is_actor before insert or update on duty_log_removed_entries
    for each row execute function signer_is_actor('removed_by')`.execute(db)
  await sql`create trigger duty_log_removed_entries_append_only before update or delete on duty_log_removed_entries
    for each row execute function append_only()`.execute(db)
  await sql`create trigger duty_log_removed_entries_no_truncate before truncate on duty_log_removed_entries
    for each statement execute function append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists duty_log_removed_entries`.execute(db)
  await sql`drop function if exists duty_log_removed_entry_check()`.execute(db)
}
