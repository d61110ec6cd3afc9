import { sql, type Kysely } from 'kysely'

// 隐患排查治理统计分析表 (原国家安全监管总局令第16号 §14): each quarter and each year the enterprise
// freezes the figures of its hazard records into one table per period, which the 主要负责人 signs and
// thereby publishes to its supervising departments. Frozen in time: never edit after it lands.
//  - one row per (enterprise, period): generating twice returns the same draft, and the unique key is
//    what makes "exactly once per period" a fact of the schema (the module also locks the row);
//  - the snapshot, period and due date never change; the signature is added once (by UPDATE, never at
//    INSERT: refuse_signed_insert) and never changed or removed; no row is ever deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hazard_stat_reports')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    // 2026-Q3 (a quarter) or 2026-Y (the year)
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period ~ '^[0-9]{4}-(Q[1-4]|Y)$'`))
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    // stamped by the app (ctx.now), like every time the app compares
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('signed_by', 'uuid')
    .addColumn('signed_by_name', 'text')
    .addColumn('signed_post', 'text')
    .addColumn('signed_at', 'timestamptz')
    .addPrimaryKeyConstraint('hazard_stat_reports_pk', ['enterprise_id', 'id'])
    .addUniqueConstraint('hazard_stat_reports_period_uq', ['enterprise_id', 'period'])
    .addCheckConstraint('hazard_stat_reports_dates_ck', sql`period_start <= period_end and period_end < due_on`)
    .addCheckConstraint(
      'hazard_stat_reports_signature_ck',
      sql`(signed_at is null and signed_by is null and signed_by_name is null and signed_post is null)
       or (signed_at is not null and signed_by is not null and signed_by_name is not null and signed_post is not null)`,
    )
    .execute()
  await sql`
    create function hazard_stat_reports_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' then
        raise exception 'hazard statistics are never deleted' using errcode = 'check_violation';
      end if;
      if old.signed_at is not null then
        raise exception 'hazard statistics are frozen once signed' using errcode = 'check_violation';
      end if;
      if new.snapshot is distinct from old.snapshot or new.period is distinct from old.period
         or new.period_start is distinct from old.period_start or new.period_end is distinct from old.period_end
         or new.due_on is distinct from old.due_on or new.created_at is distinct from old.created_at
         or new.created_by is distinct from old.created_by or new.created_by_name is distinct from old.created_by_name
         or new.enterprise_id is distinct from old.enterprise_id or new.id is distinct from old.id then
        raise exception 'hazard statistics figures are frozen' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger hazard_stat_reports_freeze before update or delete on hazard_stat_reports
    for each row execute function hazard_stat_reports_frozen()`.execute(db)
  await sql`create trigger hazard_stat_reports_no_truncate before truncate on hazard_stat_reports
    for each statement execute function append_only()`.execute(db)
  // born unsigned, like the other signed records (20261201090000_signed_at_birth)
  await sql`create trigger hazard_stat_reports_unsigned_at_insert before insert on hazard_stat_reports
    for each row execute function refuse_signed_insert('signed_by', 'signed_by_name', 'signed_post', 'signed_at')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hazard_stat_reports').ifExists().execute()
  await sql`drop function if exists hazard_stat_reports_frozen()`.execute(db)
}
