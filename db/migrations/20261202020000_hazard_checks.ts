import { sql, type Kysely } from 'kysely'

// 隐患排查 (issue 15, part 2): check plans drawn from the risk register's 管控措施, and the checks done
// against them. Frozen in time: never edit after it lands.
//  - check_plans / check_plan_items: working data the admin keeps (a plan's items are replaced when it
//    is edited). An item points at a risk and one kind of its 管控措施; it goes with the risk.
//  - checks / check_results: evidence. One check per plan, period and checker (unique), signed by the
//    user the database knows as acting (app.user_id, set by withActor), who must hold the plan's post on
//    the day it is submitted — the trigger checks it from the assignments, whatever the app passes in.
//    Never updated or deleted (triggers here, and no UPDATE/DELETE for the app role: db/privileges.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('check_plans')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('daily','comprehensive','special','seasonal','holiday')`))
    .addColumn('frequency', 'text', (c) =>
      c.notNull().check(sql`frequency in ('shift','daily','weekly','monthly','quarterly','yearly')`),
    )
    .addColumn('shifts', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('start_on', 'date', (c) => c.notNull())
    .addColumn('end_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('check_plans_pk', ['enterprise_id', 'id'])
    .addUniqueConstraint('check_plans_name_uq', ['enterprise_id', 'name'])
    .addForeignKeyConstraint('check_plans_post_fk', ['enterprise_id', 'post_id'], 'posts', ['enterprise_id', 'id'])
    .addCheckConstraint('check_plans_shifts_ck', sql`shifts between 1 and 4 and (frequency = 'shift' or shifts = 1)`)
    .addCheckConstraint('check_plans_dates_ck', sql`end_on is null or end_on >= start_on`)
    .execute()
  await db.schema.createIndex('check_plans_post_idx').on('check_plans').columns(['enterprise_id', 'post_id']).execute()

  await db.schema
    .createTable('check_plan_items')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('plan_id', 'uuid', (c) => c.notNull())
    .addColumn('risk_id', 'uuid', (c) => c.notNull())
    // engineering | management | training | ppe | emergency: one kind of the risk's 管控措施
    .addColumn('measure_kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('check_plan_items_pk', ['enterprise_id', 'plan_id', 'risk_id', 'measure_kind'])
    .addForeignKeyConstraint('check_plan_items_plan_fk', ['enterprise_id', 'plan_id'], 'check_plans', ['enterprise_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint('check_plan_items_risk_fk', ['enterprise_id', 'risk_id'], 'risks', ['enterprise_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()

  await db.schema
    .createTable('checks')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull())
    // the period the check fills: 2026-11-30#2 (a shift), 2026-11-30, 2026-W48, 2026-11, 2026-Q4, 2026
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('checker_employee_id', 'uuid', (c) => c.notNull())
    // filled by the trigger from app.user_id: whatever the app passes is overwritten
    .addColumn('checker_user_id', 'uuid', (c) => c.notNull())
    .addColumn('checker_name', 'text', (c) => c.notNull())
    .addColumn('signature_kind', 'text', (c) => c.notNull().check(sql`signature_kind in ('drawn','typed')`))
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('items_total', 'integer', (c) => c.notNull())
    .addColumn('hazards_found', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('checks_pk', ['enterprise_id', 'id'])
    .addUniqueConstraint('checks_once_uq', ['enterprise_id', 'plan_id', 'period_key', 'checker_employee_id'])
    .addForeignKeyConstraint('checks_plan_fk', ['enterprise_id', 'plan_id'], 'check_plans', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('checks_post_fk', ['enterprise_id', 'post_id'], 'posts', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('checks_employee_fk', ['enterprise_id', 'checker_employee_id'], 'employees', ['enterprise_id', 'id'])
    .addCheckConstraint('checks_period_ck', sql`period_end >= period_start`)
    .addCheckConstraint('checks_counts_ck', sql`items_total > 0 and hazards_found between 0 and items_total`)
    .execute()
  await db.schema.createIndex('checks_plan_period_idx').on('checks').columns(['enterprise_id', 'plan_id', 'period_start']).execute()

  await db.schema
    .createTable('check_results')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('check_id', 'uuid', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    // what was checked, as it read then (the register may change later; the evidence does not)
    .addColumn('risk_id', 'uuid', (c) => c.notNull())
    .addColumn('risk_point_name', 'text', (c) => c.notNull())
    .addColumn('hazard_source', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('measure_kind', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('ok','hazard')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hazard_id', 'uuid')
    .addPrimaryKeyConstraint('check_results_pk', ['enterprise_id', 'check_id', 'seq'])
    .addForeignKeyConstraint('check_results_check_fk', ['enterprise_id', 'check_id'], 'checks', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('check_results_hazard_fk', ['enterprise_id', 'hazard_id'], 'hazards', ['enterprise_id', 'id'])
    // every 隐患 found is a hazard record, and only a 隐患 is
    .addCheckConstraint('check_results_hazard_ck', sql`(result = 'hazard') = (hazard_id is not null)`)
    .execute()

  await sql`
    create function checks_signer() returns trigger language plpgsql as $$
    declare
      uid text := current_setting('app.user_id', true);
      u record;
      on_day date := (new.submitted_at at time zone 'Asia/Shanghai')::date;
    begin
      if uid is null or uid = '' then
        raise exception 'a check must be signed by the acting user (app.user_id is not set)' using errcode = 'check_violation';
      end if;
      select id, display_name, enterprise_id, employee_id into u from users where id = uid::uuid;
      if not found or u.enterprise_id is distinct from new.enterprise_id or u.employee_id is null then
        raise exception 'a check is signed by an employee of the enterprise' using errcode = 'check_violation';
      end if;
      if not exists (select 1 from check_plans p where p.enterprise_id = new.enterprise_id and p.id = new.plan_id and p.post_id = new.post_id) then
        raise exception 'a check is done for its plan''s post' using errcode = 'check_violation';
      end if;
      -- the checker holds the plan's post on the day (the assignments, as the database knows them)
      if not exists (
        select 1 from assignments a
        where a.enterprise_id = new.enterprise_id and a.employee_id = u.employee_id and a.post_id = new.post_id
          and a.start_on <= on_day and (a.end_on is null or a.end_on >= on_day)) then
        raise exception 'the checker does not hold the plan''s post' using errcode = 'check_violation';
      end if;
      if on_day < new.period_start or on_day > new.period_end then
        raise exception 'a check is done within its period' using errcode = 'check_violation';
      end if;
      new.checker_user_id := u.id;
      new.checker_employee_id := u.employee_id;
      new.checker_name := u.display_name;
      return new;
    end $$`.execute(db)
  await sql`create trigger checks_sign before insert on checks for each row execute function checks_signer()`.execute(db)
  for (const table of ['checks', 'check_results']) {
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function append_only()`.execute(db)
    await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function append_only()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('check_results').ifExists().execute()
  await db.schema.dropTable('checks').ifExists().execute()
  await sql`drop function if exists checks_signer()`.execute(db)
  await db.schema.dropTable('check_plan_items').ifExists().execute()
  await db.schema.dropTable('check_plans').ifExists().execute()
}
