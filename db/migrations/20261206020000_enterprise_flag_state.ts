import { sql, type Kysely } from 'kysely'

// The regulator's dashboard counts seven red flags over every enterprise in scope on every page view
// (issue 17). Five are the enterprise's latest report and its report's age; two were computed live
// from other tables: an order past its deadline (rectification_orders) and the latest due 隐患统计分析表
// not signed in time (hazard_stat_reports). On the city that was a scan with two subplans per view.
//
// enterprise_flag_state keeps, per enterprise, what every flag is decided from and what the dashboard's
// scope and filters select by, as narrow columns, so the dashboard's figures read this table alone:
//  - the enterprise's 行业, 所在地区 and registration instant (copies of enterprises'; a period is owed
//    only once the enterprise existed for it);
//  - the latest report's figures (a copy of enterprise_report_status, rewritten at each publication);
//  - orders_due_min: the earliest due date of the orders still waiting on the enterprise (open or
//    returned); the flag is `orders_due_min < today`, so it turns on as the clock passes it;
//  - stats_on_time: the periods whose 统计分析表 was signed before the end of its due day (24:00
//    Asia/Shanghai of due_on, as rules.ts dueEnd says); the flag is "a latest due period the enterprise
//    existed for is not among them", so it follows the clock as the due periods change. due_on is the
//    rule's due day written when the table is drawn up and frozen with it (20261202030000): should the
//    rule's due days ever change, a table keeps the due day it was drawn up under.
// The clock is applied when the dashboard reads (regulators.server.ts); the row changes only when one
// of its sources does, in the same transaction, by the triggers below (SECURITY DEFINER: the app's
// role reads the table and cannot write it). Each trigger locks the enterprise's row first and then
// recomputes it from its sources in a new statement, so two transactions changing two orders of one
// enterprise at once each see the other's committed change (read committed takes a snapshot per
// statement) and the last to commit writes the whole truth.
//
// Lock order: a source row, then the enterprise's state row, never the reverse; a flow that writes a
// source and then locks the enterprise row itself (an insert into a table referencing enterprises,
// after a source update, takes KEY SHARE on it) could deadlock with the platform's edit of the
// enterprise (which locks it, then its state row): no flow does, keep it so.
//
// enterprise_flag_state_source is the one definition of the row; the bulk city generator (which sets
// triggers aside) rebuilds every row from it with refresh_enterprise_flag_states().
// tests/integration/flag-state.test.ts compares the dashboard with rules.ts across each due instant.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table enterprise_flag_state (
      enterprise_id uuid primary key references enterprises(id) on delete cascade,
      region_code text not null,
      industry_code text not null,
      created_at timestamptz not null,
      report_id uuid,
      published_at timestamptz,
      workers integer,
      confirmations boolean not null default false,
      certificates boolean not null default false,
      drills boolean not null default false,
      items boolean not null default false,
      orders_due_min date,
      stats_on_time text[] not null default '{}'
    )`.execute(db)

  await sql`
    create view enterprise_flag_state_source as
    select e.id as enterprise_id,
           e.region_code,
           e.industry_code,
           e.created_at,
           s.report_id,
           s.published_at,
           s.workers,
           coalesce(s.overdue_confirmations > 0, false) as confirmations,
           coalesce(s.missing_certificates > 0, false) as certificates,
           coalesce(s.overdue_drills > 0, false) as drills,
           coalesce(s.items_unmet > 0, false) as items,
           (select min(ro.due_date) from public.rectification_orders ro
             where ro.enterprise_id = e.id and ro.status in ('open', 'returned')) as orders_due_min,
           coalesce((select array_agg(hs.period order by hs.period) from public.hazard_stat_reports hs
                      where hs.enterprise_id = e.id
                        and hs.signed_at < ((hs.due_on + 1)::timestamp at time zone 'Asia/Shanghai')), '{}') as stats_on_time
      from public.enterprises e
      left join public.enterprise_report_status s on s.enterprise_id = e.id`.execute(db)

  await sql`
    create function refresh_enterprise_flag_state(eid uuid) returns void language plpgsql
    security definer set search_path = pg_catalog, public, pg_temp as $$
    begin
      -- an enterprise being removed (its rows cascade) has no state to keep
      if not exists (select 1 from public.enterprises where id = eid) then
        return;
      end if;
      insert into public.enterprise_flag_state (enterprise_id, region_code, industry_code, created_at)
      select e.id, e.region_code, e.industry_code, e.created_at from public.enterprises e where e.id = eid
      on conflict (enterprise_id) do nothing;
      -- the lock first, the sources read after it in a statement of their own (see the top of this file)
      perform 1 from public.enterprise_flag_state where enterprise_id = eid for update;
      update public.enterprise_flag_state t
         set region_code = v.region_code, industry_code = v.industry_code, created_at = v.created_at,
             report_id = v.report_id, published_at = v.published_at, workers = v.workers,
             confirmations = v.confirmations, certificates = v.certificates, drills = v.drills, items = v.items,
             orders_due_min = v.orders_due_min, stats_on_time = v.stats_on_time
        from public.enterprise_flag_state_source v
       where v.enterprise_id = eid and t.enterprise_id = eid;
    end $$`.execute(db)

  await sql`
    create function refresh_enterprise_flag_states() returns void language plpgsql
    security definer set search_path = pg_catalog, public, pg_temp as $$
    begin
      lock table public.enterprise_flag_state in share row exclusive mode;
      delete from public.enterprise_flag_state t where not exists (select 1 from public.enterprises e where e.id = t.enterprise_id);
      insert into public.enterprise_flag_state
      select enterprise_id, region_code, industry_code, created_at, report_id, published_at, workers,
             confirmations, certificates, drills, items, orders_due_min, stats_on_time
        from public.enterprise_flag_state_source
      on conflict (enterprise_id) do update
         set region_code = excluded.region_code, industry_code = excluded.industry_code, created_at = excluded.created_at,
             report_id = excluded.report_id, published_at = excluded.published_at, workers = excluded.workers,
             confirmations = excluded.confirmations, certificates = excluded.certificates,
             drills = excluded.drills, items = excluded.items,
             orders_due_min = excluded.orders_due_min, stats_on_time = excluded.stats_on_time;
    end $$`.execute(db)

  // one trigger function for every source: each names the enterprise in enterprise_id (enterprises: id)
  await sql`
    create function enterprise_flag_state_follow() returns trigger language plpgsql
    security definer set search_path = pg_catalog, public, pg_temp as $$
    begin
      if tg_table_name = 'enterprises' then
        perform public.refresh_enterprise_flag_state(new.id);
        return null;
      end if;
      if tg_op = 'INSERT' then
        perform public.refresh_enterprise_flag_state(new.enterprise_id);
      elsif tg_op = 'DELETE' then
        perform public.refresh_enterprise_flag_state(old.enterprise_id);
      else
        perform public.refresh_enterprise_flag_state(old.enterprise_id);
        if new.enterprise_id is distinct from old.enterprise_id then
          perform public.refresh_enterprise_flag_state(new.enterprise_id);
        end if;
      end if;
      return null;
    end $$`.execute(db)

  await sql`create trigger enterprise_flag_state_enterprise after insert or update of region_code, industry_code, created_at on enterprises
    for each row execute function enterprise_flag_state_follow()`.execute(db)
  await sql`create trigger enterprise_flag_state_report after insert or update or delete on enterprise_report_status
    for each row execute function enterprise_flag_state_follow()`.execute(db)
  await sql`create trigger enterprise_flag_state_orders after insert or update of status, due_date, enterprise_id or delete
    on rectification_orders for each row execute function enterprise_flag_state_follow()`.execute(db)
  await sql`create trigger enterprise_flag_state_stats after insert or update of signed_at, period, due_on, enterprise_id or delete
    on hazard_stat_reports for each row execute function enterprise_flag_state_follow()`.execute(db)

  // the scope's and the filter's 所在地区 prefix (as enterprises_region_prefix_idx), and the 行业 filter
  await sql`create index enterprise_flag_state_region_idx on enterprise_flag_state (region_code text_pattern_ops)`.execute(db)
  await sql`create index enterprise_flag_state_industry_idx on enterprise_flag_state (industry_code)`.execute(db)

  // only the triggers (as the owner) and the owner's tools call these
  await sql`revoke execute on function refresh_enterprise_flag_state(uuid), refresh_enterprise_flag_states(),
    enterprise_flag_state_follow() from public`.execute(db)

  await sql`select refresh_enterprise_flag_states()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists enterprise_flag_state_stats on hazard_stat_reports`.execute(db)
  await sql`drop trigger if exists enterprise_flag_state_orders on rectification_orders`.execute(db)
  await sql`drop trigger if exists enterprise_flag_state_report on enterprise_report_status`.execute(db)
  await sql`drop trigger if exists enterprise_flag_state_enterprise on enterprises`.execute(db)
  await sql`drop function if exists enterprise_flag_state_follow()`.execute(db)
  await sql`drop function if exists refresh_enterprise_flag_states()`.execute(db)
  await sql`drop function if exists refresh_enterprise_flag_state(uuid)`.execute(db)
  await sql`drop view if exists enterprise_flag_state_source`.execute(db)
  await sql`drop table if exists enterprise_flag_state`.execute(db)
}
