import { sql, type Kysely } from 'kysely'

// A hazard's and a rectification order's status are a summary of their append-only, signed history;
// the app's role could still write the summary alone (UPDATE hazards SET status = 'closed'), which
// would take a 重大隐患 off the department's list without its 核销, or close an order nobody reviewed.
// The database now holds the summary to the history:
//  - hazard_events form a chain: the first step starts from nothing, each later one starts from the
//    status the previous one ended in, numbered one after it; each step is one the state machine
//    allows from that status to that status (app/modules/hazards/rules.ts, nextStatus), and, when the
//    app's role writes it, one the acting user may take (policy.ts, canTakeStep): 定级、治理方案 and the
//    resume request by the enterprise's safety administrator, 整改 and 验收 by its staff, 挂牌督办 and
//    复查 by a regulator, 核销 and 退回 by a regulator of the supervising department if there is one
//    (checked after the signer, which fires first by name, so an unsigned step is refused as unsigned);
//  - at commit, a hazard's status is where its last step ended, and closed_at is set exactly when it
//    is closed (deferred constraint triggers on the hazard and on its steps: the row and its step are
//    written in either order within the transaction, and a step written alone is caught);
//  - rectification_events are signed by the acting user (app.user_id) when the app's role writes them;
//    a review (accept/return) only by a regulator of the issuing department, of an answer of the
//    same order; an answer only by a member of the order's enterprise;
//  - at commit, an order's status follows its events: more answers than reviews, answered (each review
//    reviews one answer: reviews written before answer_id existed name none); else accepted if one was
//    accepted, returned if one was returned, open if none; closed_at is set exactly when accepted.
// The owner loading the demo is exempt from the signer and authority rules only (as in
// 20261202110000_signer_is_actor); the bulk city generator sets triggers aside with
// session_replication_role. Rows already written are not re-checked here: each is checked when it is
// next written.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function hazard_events_chain() returns trigger language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    declare
      last record;
      u record;
      h record;
      staff boolean;
      ok boolean;
    begin
      select e.seq, e.to_status into last from public.hazard_events e
       where e.enterprise_id = new.enterprise_id and e.hazard_id = new.hazard_id
       order by e.seq desc limit 1;
      if not found then
        if new.seq <> 1 or new.from_status is not null then
          raise exception 'a hazard''s history starts at step 1 from no status' using errcode = 'check_violation';
        end if;
      elsif new.seq <> last.seq + 1 or new.from_status is distinct from last.to_status then
        raise exception 'a hazard step must follow its last step (seq %, status %)', last.seq + 1, last.to_status
          using errcode = 'check_violation';
      end if;
      -- the state machine of app/modules/hazards/rules.ts (nextStatus), for everyone
      ok := case new.step
        when 'report' then new.from_status is null and new.to_status = 'reported'
        when 'assign' then new.from_status = 'reported' and new.to_status in ('rectifying', 'governing')
        when 'rectify' then new.from_status = 'rectifying' and new.to_status = 'verifying'
        when 'verify_pass' then new.from_status = 'verifying' and new.to_status = 'closed'
        when 'verify_fail' then new.from_status = 'verifying' and new.to_status = 'rectifying'
        when 'plan' then new.from_status = 'governing' and new.to_status = 'governing'
        when 'resume_request' then new.from_status = 'governing' and new.to_status = 'resume_requested'
        when 'supervise' then new.from_status = new.to_status and new.to_status <> 'closed'
        when 'write_off' then new.from_status = 'resume_requested' and new.to_status = 'closed'
        when 'return' then new.from_status = 'resume_requested' and new.to_status = 'governing'
        when 'recheck_fail' then new.from_status = 'closed' and new.to_status in ('rectifying', 'governing')
        else false end;
      if not coalesce(ok, false) then
        raise exception 'a hazard cannot take the step % from % to %', new.step, coalesce(new.from_status, 'nothing'), new.to_status
          using errcode = 'check_violation';
      end if;
      -- who may take it (app/modules/hazards/policy.ts, canTakeStep), for the app's role: the owner
      -- loading the demo is exempt, as from every signer rule
      if exists (select 1 from pg_catalog.pg_class c where c.oid = tg_relid and pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')) then
        return new;
      end if;
      select id, role, department_id into u from public.users
       where id = nullif(pg_catalog.current_setting('app.user_id', true), '')::uuid;
      select supervision_department_id into h from public.hazards where enterprise_id = new.enterprise_id and id = new.hazard_id;
      staff := u.role in ('enterprise_admin', 'enterprise_head');
      ok := case
        when new.step = 'report' then true
        when new.step in ('assign', 'plan', 'resume_request') then u.role = 'enterprise_admin'
        when new.step in ('rectify', 'verify_pass', 'verify_fail') then staff
        when new.step in ('supervise', 'recheck_fail') then u.role = 'regulator' and u.department_id is not null
        when new.step in ('write_off', 'return') then u.role = 'regulator' and u.department_id is not null
          and (h.supervision_department_id is null or h.supervision_department_id = u.department_id)
        else false end;
      if not coalesce(ok, false) then
        raise exception 'the acting user may not take the hazard step %', new.step using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger hazard_events_step_chain before insert on hazard_events
    for each row execute function hazard_events_chain()`.execute(db)

  await sql`
    create function hazard_status_check(eid uuid, hid uuid) returns void language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    declare
      cur record;
      last_status text;
    begin
      -- deferred: read the row as it stands at commit, not as the event saw it
      select h.status, h.closed_at into cur from public.hazards h where h.enterprise_id = eid and h.id = hid;
      if not found then
        return;
      end if;
      select e.to_status into last_status from public.hazard_events e
       where e.enterprise_id = eid and e.hazard_id = hid order by e.seq desc limit 1;
      if last_status is distinct from cur.status then
        raise exception 'a hazard''s status (%) must be where its last step ended (%)', cur.status, coalesce(last_status, 'no step')
          using errcode = 'check_violation';
      end if;
      if (cur.status = 'closed') <> (cur.closed_at is not null) then
        raise exception 'a hazard has a closing time exactly when it is closed' using errcode = 'check_violation';
      end if;
    end $$`.execute(db)
  await sql`
    create function hazard_status_follows_history() returns trigger language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    begin
      if tg_table_name = 'hazards' then
        perform public.hazard_status_check(new.enterprise_id, new.id);
      else
        perform public.hazard_status_check(new.enterprise_id, new.hazard_id);
      end if;
      return null;
    end $$`.execute(db)
  await sql`create constraint trigger hazards_status_follows_history
    after insert or update of status, closed_at on hazards
    deferrable initially deferred
    for each row execute function hazard_status_follows_history()`.execute(db)
  // a step written without moving the row is caught too
  await sql`create constraint trigger hazard_events_status_follows_history
    after insert on hazard_events
    deferrable initially deferred
    for each row execute function hazard_status_follows_history()`.execute(db)

  await sql`
    create function rectification_event_signer() returns trigger language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    declare
      acting text := nullif(pg_catalog.current_setting('app.user_id', true), '');
      u record;
      o record;
    begin
      if exists (select 1 from pg_catalog.pg_class c where c.oid = tg_relid and pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')) then
        return new;
      end if;
      if (new.kind = 'answer') <> (new.answer_id is null) then
        raise exception 'a review names the answer it reviews, an answer names none' using errcode = 'check_violation';
      end if;
      if acting is null or new.by_user_id::text is distinct from acting then
        raise exception 'rectification_events must name the acting user (column by_user_id)' using errcode = 'check_violation';
      end if;
      select id, role, enterprise_id, department_id into u from public.users where id = acting::uuid;
      select department_id into o from public.rectification_orders where enterprise_id = new.enterprise_id and id = new.order_id;
      if new.kind = 'answer' then
        if u.role = 'regulator' or u.enterprise_id is distinct from new.enterprise_id then
          raise exception 'an order is answered by its enterprise' using errcode = 'check_violation';
        end if;
      else
        if u.role <> 'regulator' or u.department_id is null or u.department_id is distinct from o.department_id then
          raise exception 'an order is reviewed by the department that issued it' using errcode = 'check_violation';
        end if;
        -- the answer it reviews is one of this order's (each answer is reviewed once: rectification_events_review_uq)
        if not exists (select 1 from public.rectification_events e
                        where e.enterprise_id = new.enterprise_id and e.order_id = new.order_id
                          and e.kind = 'answer' and e.id = new.answer_id) then
          raise exception 'a review names an answer of the same order' using errcode = 'check_violation';
        end if;
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger rectification_events_sign before insert on rectification_events
    for each row execute function rectification_event_signer()`.execute(db)

  await sql`
    create function order_status_check(eid uuid, oid uuid) returns void language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    declare
      cur record;
      answers int;
      reviews int;
      expected text;
    begin
      select o.status, o.closed_at into cur from public.rectification_orders o where o.enterprise_id = eid and o.id = oid;
      if not found then
        return;
      end if;
      -- by structure, not by time (one transaction's events share their time): each review reviews one
      -- answer (reviews recorded before answer_id existed, or by the bulk city generator, name none), so
      -- more answers than reviews means one awaits its review; else an accepted order is accepted, a
      -- returned one returned, one without events open
      select count(*) filter (where e.kind = 'answer'), count(*) filter (where e.kind <> 'answer') into answers, reviews
        from public.rectification_events e where e.enterprise_id = eid and e.order_id = oid;
      expected := case
        when answers > reviews then 'answered'
        when exists (select 1 from public.rectification_events r where r.enterprise_id = eid and r.order_id = oid and r.kind = 'accept') then 'accepted'
        when reviews > 0 then 'returned'
        else 'open' end;
      if cur.status is distinct from expected then
        raise exception 'an order''s status (%) must follow its history (%)', cur.status, expected using errcode = 'check_violation';
      end if;
      if (cur.status = 'accepted') <> (cur.closed_at is not null) then
        raise exception 'an order has a closing time exactly when it is accepted' using errcode = 'check_violation';
      end if;
    end $$`.execute(db)
  await sql`
    create function order_status_follows_history() returns trigger language plpgsql
    set search_path = pg_catalog, public, pg_temp as $$
    begin
      if tg_table_name = 'rectification_orders' then
        perform public.order_status_check(new.enterprise_id, new.id);
      else
        perform public.order_status_check(new.enterprise_id, new.order_id);
      end if;
      return null;
    end $$`.execute(db)
  await sql`create constraint trigger rectification_orders_status_follows_history
    after insert or update of status, closed_at on rectification_orders
    deferrable initially deferred
    for each row execute function order_status_follows_history()`.execute(db)
  await sql`create constraint trigger rectification_events_status_follows_history
    after insert on rectification_events
    deferrable initially deferred
    for each row execute function order_status_follows_history()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists rectification_events_status_follows_history on rectification_events`.execute(db)
  await sql`drop trigger if exists rectification_orders_status_follows_history on rectification_orders`.execute(db)
  await sql`drop function if exists order_status_follows_history()`.execute(db)
  await sql`drop function if exists order_status_check(uuid, uuid)`.execute(db)
  await sql`drop trigger if exists rectification_events_sign on rectification_events`.execute(db)
  await sql`drop function if exists rectification_event_signer()`.execute(db)
  await sql`drop trigger if exists hazard_events_status_follows_history on hazard_events`.execute(db)
  await sql`drop trigger if exists hazards_status_follows_history on hazards`.execute(db)
  await sql`drop function if exists hazard_status_follows_history()`.execute(db)
  await sql`drop function if exists hazard_status_check(uuid, uuid)`.execute(db)
  await sql`drop trigger if exists hazard_events_step_chain on hazard_events`.execute(db)
  await sql`drop function if exists hazard_events_chain()`.execute(db)
}
