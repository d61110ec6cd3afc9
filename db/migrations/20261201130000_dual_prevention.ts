import { sql, type Kysely } from 'kysely'

// 双重预防 (issue 15): the risk register (风险分级管控清单) and the hazard closed loop (隐患排查治理台账).
// Frozen in time: never edit after it lands.
//  - risk_points / risks: working data the admin keeps; the level is computed by the app's pure rules
//    from the scores (app/modules/hazards/rules.ts) and stored with them.
//  - hazards: one row per hazard, its current state (mutable working data);
//  - hazard_events: the hazard's history, append-only; every step is signed by the user the database
//    knows as acting (app.user_id, set by withActor), never by a name the app passes in; numbered per
//    hazard (unique), so one step taken twenty times at once is written once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('risk_points')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('unit_id', 'uuid', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('区域场所','设备设施','作业活动')`))
    .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('risk_points_pk', ['enterprise_id', 'id'])
    .addUniqueConstraint('risk_points_name_uq', ['enterprise_id', 'name'])
    .addForeignKeyConstraint('risk_points_unit_fk', ['enterprise_id', 'unit_id'], 'org_units', ['enterprise_id', 'id'])
    .execute()

  await db.schema
    .createTable('risks')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('risk_point_id', 'uuid', (c) => c.notNull())
    // 危险源 (what could cause harm) and the accidents it could lead to
    .addColumn('hazard_source', 'text', (c) => c.notNull())
    .addColumn('accident_types', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('LEC','LS')`))
    .addColumn('score_l', 'numeric', (c) => c.notNull())
    .addColumn('score_e', 'numeric')
    .addColumn('score_c', 'numeric')
    .addColumn('score_s', 'numeric')
    .addColumn('score', 'numeric', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('major','serious','general','low')`))
    .addColumn('control_level', 'text', (c) => c.notNull().check(sql`control_level in ('company','workshop','team','post')`))
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    // [{ kind: engineering|management|training|ppe|emergency, content }]
    .addColumn('measures', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('risks_pk', ['enterprise_id', 'id'])
    .addUniqueConstraint('risks_source_uq', ['enterprise_id', 'risk_point_id', 'hazard_source'])
    .addForeignKeyConstraint('risks_point_fk', ['enterprise_id', 'risk_point_id'], 'risk_points', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('risks_post_fk', ['enterprise_id', 'post_id'], 'posts', ['enterprise_id', 'id'])
    .addCheckConstraint(
      'risks_scores_ck',
      sql`(method = 'LEC' and score_e is not null and score_c is not null and score_s is null)
       or (method = 'LS' and score_s is not null and score_e is null and score_c is null)`,
    )
    .execute()
  await db.schema.createIndex('risks_post_idx').on('risks').columns(['enterprise_id', 'post_id']).execute()

  await db.schema
    .createTable('hazards')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('no', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('self','check','worker','regulator')`))
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('found_by_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('found_by_name', 'text', (c) => c.notNull())
    .addColumn('found_at', 'timestamptz', (c) => c.notNull())
    // the report form's one-time key: a double tap on a slow phone network records the hazard once
    .addColumn('report_key', 'uuid')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('reported','rectifying','verifying','governing','resume_requested','closed')`),
    )
    .addColumn('grade', 'text', (c) => c.check(sql`grade in ('general','major')`))
    .addColumn('responsible_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('responsible_name', 'text')
    .addColumn('measures', 'text')
    .addColumn('deadline', 'date')
    .addColumn('funds', sql`numeric(14,2)`)
    // 重大: the 判定标准 item it meets, the report to the department (16号令 §14), stop-work (§16)
    .addColumn('criterion_code', 'text')
    .addColumn('situation', 'text')
    .addColumn('severity', 'text')
    .addColumn('stop_work', 'boolean')
    .addColumn('stop_work_note', 'text')
    .addColumn('workers_congress_on', 'date')
    .addColumn('reported_at', 'timestamptz')
    // 治理方案 (§15): 目标任务、方法措施、经费物资、机构人员、时限要求、安全措施和应急预案
    .addColumn('plan', 'jsonb')
    .addColumn('assessment', 'text')
    .addColumn('rectified_by', 'uuid')
    .addColumn('closed_at', 'timestamptz')
    // 挂牌督办 by a department
    .addColumn('supervision_department_id', 'uuid', (c) => c.references('departments.id'))
    .addColumn('supervision_department_name', 'text')
    .addColumn('supervision_no', 'text')
    .addColumn('supervision_deadline', 'date')
    .addColumn('supervised_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('hazards_pk', ['enterprise_id', 'id'])
    .addUniqueConstraint('hazards_no_uq', ['enterprise_id', 'no'])
    .addCheckConstraint('hazards_graded_ck', sql`status = 'reported' or (grade is not null and responsible_user_id is not null and deadline is not null)`)
    .addCheckConstraint('hazards_major_ck', sql`grade is distinct from 'major' or (situation is not null and severity is not null and reported_at is not null)`)
    .addCheckConstraint('hazards_funds_ck', sql`funds is null or (funds >= 0 and funds < 1000000000000)`)
    .execute()
  await db.schema.createIndex('hazards_enterprise_idx').on('hazards').columns(['enterprise_id', 'status', 'found_at']).execute()
  await sql`create index hazards_major_open_idx on hazards (enterprise_id, reported_at) where grade = 'major' and status <> 'closed'`.execute(db)
  await sql`create unique index hazards_report_key_uq on hazards (enterprise_id, report_key) where report_key is not null`.execute(db)
  await sql`create unique index hazards_supervision_no_uq on hazards (supervision_department_id, supervision_no) where supervision_no is not null`.execute(db)

  await db.schema
    .createTable('hazard_events')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('hazard_id', 'uuid', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // filled by the trigger from app.user_id: whatever the app passes is overwritten
    .addColumn('by_user_id', 'uuid', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('by_role', 'text', (c) => c.notNull())
    .addColumn('by_department_id', 'uuid')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('hazard_events_pk', ['enterprise_id', 'hazard_id', 'seq'])
    .addForeignKeyConstraint('hazard_events_hazard_fk', ['enterprise_id', 'hazard_id'], 'hazards', ['enterprise_id', 'id'])
    .execute()
  await sql`
    create function hazard_events_signer() returns trigger language plpgsql as $$
    declare
      uid text := current_setting('app.user_id', true);
      u record;
    begin
      if uid is null or uid = '' then
        raise exception 'hazard step must be signed by the acting user (app.user_id is not set)' using errcode = 'check_violation';
      end if;
      select id, display_name, role, enterprise_id, department_id into u from users where id = uid::uuid;
      if not found then
        raise exception 'hazard step signed by an unknown user' using errcode = 'check_violation';
      end if;
      if u.role <> 'regulator' and u.enterprise_id is distinct from new.enterprise_id then
        raise exception 'hazard step signed by a user of another enterprise' using errcode = 'check_violation';
      end if;
      -- 验收 by someone other than the rectifier (16号令; policy.ts holds the same rule for the page)
      if new.step in ('verify_pass', 'verify_fail') and u.id = (
           select e.by_user_id from hazard_events e
           where e.enterprise_id = new.enterprise_id and e.hazard_id = new.hazard_id and e.step = 'rectify'
           order by e.seq desc limit 1) then
        raise exception 'the rectifier cannot accept their own rectification' using errcode = 'check_violation';
      end if;
      new.by_user_id := u.id;
      new.by_name := u.display_name;
      new.by_role := u.role;
      new.by_department_id := u.department_id;
      return new;
    end $$`.execute(db)
  await sql`create trigger hazard_events_sign before insert on hazard_events
    for each row execute function hazard_events_signer()`.execute(db)
  await sql`create trigger hazard_events_append_only before update or delete on hazard_events
    for each row execute function append_only()`.execute(db)
  await sql`create trigger hazard_events_no_truncate before truncate on hazard_events
    for each statement execute function append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hazard_events').ifExists().execute()
  await sql`drop function if exists hazard_events_signer()`.execute(db)
  await db.schema.dropTable('hazards').ifExists().execute()
  await db.schema.dropTable('risks').ifExists().execute()
  await db.schema.dropTable('risk_points').ifExists().execute()
}
