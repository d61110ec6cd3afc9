import { sql, type Kysely } from 'kysely'

// A 履职记录 line removed from an unsigned month leaves a record of itself. Two reasons:
// - its form's key must stay spent. A line was found by its key only while it existed, so the same
//   form sent again after the line was removed (a phone's retry, a page resent from history) wrote
//   the line back;
// - who took what off a month's sheet before it was signed is kept, as the audit keeps other removals.
// The record is the whole line as it was, with who removed it and when. Append-only (select and insert
// for the app's role; a trigger refuses update and delete). The module writes the record, then removes
// the line, in one transaction; the database checks both halves of that claim:
// - before a record is taken: the line exists with exactly the values recorded, its month is unsigned,
//   and removed_by is the request's user (signer_is_actor, 20261202110000). So no record names a line
//   that never was, or says other than it said;
// - at commit (deferred constraint triggers): a recorded line is gone, and a line removed by anyone but
//   the schema's owner has its record. So a line is neither removed without a trace nor recorded as
//   removed while it stays.
// The key is unique within its month, as on the lines themselves, and enterprise_id leads every key (Citus).
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
  // a removed proposal is not proposed again: looked up by its source
  await sql`create index duty_log_removed_entries_source_idx on duty_log_removed_entries (enterprise_id, month_id, source)
    where source is not null`.execute(db)
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
      if not exists (
        select 1 from public.duty_log_entries e
         where e.enterprise_id = new.enterprise_id and e.id = new.entry_id and e.month_id = new.month_id
           and e.occurred_on = new.occurred_on and e.content = new.content and e.participants = new.participants
           and e.remark = new.remark and e.source is not distinct from new.source
           and e.form_key is not distinct from new.form_key and e.created_by = new.created_by
           and e.created_at = new.created_at) then
        raise exception 'a removed line is recorded as it is, before it goes' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger duty_log_removed_entries_check before insert on duty_log_removed_entries
    for each row execute function duty_log_removed_entry_check()`.execute(db)
  await sql`
    create function duty_log_removed_entry_gone() returns trigger language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    begin
      if exists (select 1 from public.duty_log_entries e where e.enterprise_id = new.enterprise_id and e.id = new.entry_id) then
        raise exception 'a line recorded as removed is gone by the end of its transaction' using errcode = 'check_violation';
      end if;
      return null;
    end $$`.execute(db)
  await sql`create constraint trigger duty_log_removed_entries_gone after insert on duty_log_removed_entries
    deferrable initially deferred for each row execute function duty_log_removed_entry_gone()`.execute(db)
  await sql`
    create function duty_log_entry_removal_recorded() returns trigger language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    begin
      -- the schema's owner (a migration, a maintenance script) removes without a record, as signer_is_actor lets it
      if exists (select 1 from pg_catalog.pg_class c where c.oid = tg_relid and pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')) then
        return null;
      end if;
      if not exists (select 1 from public.duty_log_removed_entries r where r.enterprise_id = old.enterprise_id and r.entry_id = old.id) then
        raise exception 'a line is removed with a record of it (duty_log_removed_entries)' using errcode = 'check_violation';
      end if;
      return null;
    end $$`.execute(db)
  await sql`create constraint trigger duty_log_entries_removal_recorded after delete on duty_log_entries
    deferrable initially deferred for each row execute function duty_log_entry_removal_recorded()`.execute(db)
  await sql`create trigger duty_log_removed_entries_signer_is_actor before insert or update on duty_log_removed_entries
    for each row execute function signer_is_actor('removed_by')`.execute(db)
  await sql`create trigger duty_log_removed_entries_append_only before update or delete on duty_log_removed_entries
    for each row execute function append_only()`.execute(db)
  await sql`create trigger duty_log_removed_entries_no_truncate before truncate on duty_log_removed_entries
    for each statement execute function append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists duty_log_entries_removal_recorded on duty_log_entries`.execute(db)
  await sql`drop table if exists duty_log_removed_entries`.execute(db)
  await sql`drop function if exists duty_log_removed_entry_check()`.execute(db)
  await sql`drop function if exists duty_log_removed_entry_gone()`.execute(db)
  await sql`drop function if exists duty_log_entry_removal_recorded()`.execute(db)
}
