import { sql, type Kysely } from 'kysely'

// A signed record is born unsigned. The app's role may INSERT into the signed-record tables (a draft
// report, an inspection awaiting the head's signature, …) and UPDATE only their signature columns, where
// the freeze and anchor triggers check the signing. An INSERT that arrives already signed would skip
// every one of those checks — a report published with no anchor, an inspection "signed" by a head who
// never saw it — so the database refuses it, unless the inserting role owns the table (the owner loads
// seed:scale's synthetic city and the demo history, which are not signatures made through the app).
const SIGNATURE_COLUMNS: Record<string, string[]> = {
  status_reports: ['signed_by', 'signed_by_name', 'published_at', 'ledger_seq', 'ledger_hash'],
  inspections: ['head_user_id', 'head_name', 'head_signed_at', 'refusal_note', 'refusal_recorded_at'],
  self_checks: ['signed_by', 'signed_by_name', 'signed_post', 'signed_at'],
  target_agreements: ['signed_at', 'signature_kind', 'signature', 'client_ip'],
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function refuse_signed_insert() returns trigger language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    declare
      fields jsonb := to_jsonb(new);
      i int;
    begin
      if exists (select 1 from pg_catalog.pg_class c where c.oid = tg_relid and pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')) then
        return new;
      end if;
      for i in 0 .. tg_nargs - 1 loop
        if fields ->> tg_argv[i] is not null then
          raise exception '% is signed after it is recorded, never at insert (column %)', tg_table_name, tg_argv[i]
            using errcode = 'check_violation';
        end if;
      end loop;
      return new;
    end $$`.execute(db)
  for (const [table, columns] of Object.entries(SIGNATURE_COLUMNS)) {
    const args = columns.map((c) => `'${c}'`).join(', ')
    await sql
      .raw(`create trigger ${table}_unsigned_at_insert before insert on ${table} for each row execute function refuse_signed_insert(${args})`)
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(SIGNATURE_COLUMNS)) await sql.raw(`drop trigger if exists ${table}_unsigned_at_insert on ${table}`).execute(db)
  await sql`drop function if exists refuse_signed_insert()`.execute(db)
}
