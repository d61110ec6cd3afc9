import { sql, type Kysely } from 'kysely'

// A status report is published with the ledger head of the moment it is signed, and the database says
// so, not only the module: when published_at changes from null, (ledger_seq, ledger_hash) must be the
// enterprise's current ledger head (seq 0 and the genesis hash before its first confirmation). A
// publication with a stale, zero or missing anchor would leave later confirmations outside every
// anchor that verify:ledger checks. (Reports inserted already published — seed:scale's synthetic city,
// loaded by the owner — are not publications through the app and are left alone.)
const GENESIS_HASH = '0'.repeat(64)

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function status_report_anchor_guard() returns trigger language plpgsql
    set search_path = pg_catalog, public as $$
    declare
      head_seq bigint := 0;
      head_hash text := ${sql.lit(GENESIS_HASH)};
    begin
      if old.published_at is null and new.published_at is not null then
        select h.seq, h.last_hash into head_seq, head_hash from public.ledger_heads h where h.enterprise_id = new.enterprise_id;
        if not found then
          head_seq := 0;
          head_hash := ${sql.lit(GENESIS_HASH)};
        end if;
        if new.ledger_seq is distinct from head_seq or new.ledger_hash is distinct from head_hash then
          raise exception 'a status report is published with the ledger head of the moment it is signed (seq %, hash %)', head_seq, head_hash
            using errcode = 'check_violation';
        end if;
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger status_reports_anchor_guard before update on status_reports for each row execute function status_report_anchor_guard()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists status_reports_anchor_guard on status_reports`.execute(db)
  await sql`drop function if exists status_report_anchor_guard()`.execute(db)
}
