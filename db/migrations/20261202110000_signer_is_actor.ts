import { sql, type Kysely } from 'kysely'

// Who signed is who acted. The 履职记录 month and its 更正, the 考核 (its assessor at recording, the
// assessed person's 已阅) and the 隐患排查治理统计分析表 (who drew it up, who signed it) name a user in a
// column the app's role may write once. The module fills it from the request's actor after its policy
// check; this trigger makes the database hold it to that too: a signer column set by the app's role
// must name the user the request's transaction is tagged with (app.user_id, set by withActor), as the
// checks' and the leader ledger's signers already are. The owner loading the demo is exempt, as in
// refuse_signed_insert (20261201090000_signed_at_birth).
// Frozen in time: never edit after it lands.
const SIGNER_COLUMNS: Record<string, string[]> = {
  duty_log_months: ['signed_by'],
  duty_log_corrections: ['created_by', 'signed_by'],
  assessments: ['assessor_user_id', 'seen_by'],
  hazard_stat_reports: ['created_by', 'signed_by'],
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function signer_is_actor() returns trigger language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    declare
      fields jsonb := to_jsonb(new);
      before jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) else '{}'::jsonb end;
      acting text := nullif(pg_catalog.current_setting('app.user_id', true), '');
      i int;
    begin
      if exists (select 1 from pg_catalog.pg_class c where c.oid = tg_relid and pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')) then
        return new;
      end if;
      for i in 0 .. tg_nargs - 1 loop
        if fields ->> tg_argv[i] is not null
           and fields ->> tg_argv[i] is distinct from before ->> tg_argv[i]
           and fields ->> tg_argv[i] is distinct from acting then
          raise exception '% must name the acting user (column %)', tg_table_name, tg_argv[i]
            using errcode = 'check_violation';
        end if;
      end loop;
      return new;
    end $$`.execute(db)
  for (const [table, columns] of Object.entries(SIGNER_COLUMNS)) {
    const args = columns.map((c) => `'${c}'`).join(', ')
    await sql
      .raw(`create trigger ${table}_signer_is_actor before insert or update on ${table} for each row execute function signer_is_actor(${args})`)
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(SIGNER_COLUMNS)) await sql.raw(`drop trigger if exists ${table}_signer_is_actor on ${table}`).execute(db)
  await sql`drop function if exists signer_is_actor()`.execute(db)
}
