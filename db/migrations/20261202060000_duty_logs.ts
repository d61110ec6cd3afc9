import { sql, type Kysely } from 'kysely'

// 履职留痕 on the enterprise side (《安全生产法》第二十二条): the monthly 履职记录 of tier 1–4 post
// holders and safety staff, signed and frozen per month (a correction is an appended 更正, signed
// again); and 责任制考核: each duty item's optional 考核标准, the enterprise's assessment period, the
// assessments (scored per item, seen and signed by the assessed person, frozen after).
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  // 考核标准 of a duty item: kept with the list version, so the duty_items freeze (a version that is
  // no longer a draft cannot change) covers them, and approved with it.
  await db.schema.alterTable('duty_items').addColumn('criterion', 'text').execute()
  await db.schema
    .alterTable('duty_items')
    .addColumn('weight', 'smallint', (c) => c.check(sql`weight between 1 and 100`))
    .execute()

  await db.schema
    .createTable('assessment_settings')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period in ('month','quarter','year')`))
    // who assesses the 主要负责人: the 董事会 (recorded by the admin) or a self-assessment record
    .addColumn('principal_assessor', 'text', (c) => c.notNull().check(sql`principal_assessor in ('board','self')`))
    .addColumn('updated_by', 'uuid', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('assessment_settings_pk', ['enterprise_id'])
    .execute()

  // 履职记录: one sheet per person and month; signed once, then frozen.
  await db.schema
    .createTable('duty_log_months')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull().check(sql`month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('signed_by', 'uuid')
    .addColumn('signed_name', 'text')
    .addColumn('signed_posts', 'text')
    .addColumn('signed_at', 'timestamptz')
    .addPrimaryKeyConstraint('duty_log_months_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('duty_log_months_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .addUniqueConstraint('duty_log_months_uq', ['enterprise_id', 'employee_id', 'month'])
    .execute()

  await db.schema
    .createTable('duty_log_entries')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('month_id', 'uuid', (c) => c.notNull())
    .addColumn('occurred_on', 'date', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('remark', 'text', (c) => c.notNull().defaultTo(''))
    // the portal record it was proposed from (e.g. approval:<event id>); null when typed by hand
    .addColumn('source', 'text')
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('duty_log_entries_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('duty_log_entries_month_fk', ['enterprise_id', 'month_id'], 'duty_log_months', ['enterprise_id', 'id'])
    .execute()
  await sql`create unique index duty_log_entries_source_uq on duty_log_entries (enterprise_id, month_id, source) where source is not null`.execute(db)
  await db.schema.createIndex('duty_log_entries_month_idx').on('duty_log_entries').columns(['enterprise_id', 'month_id', 'occurred_on']).execute()

  // 更正: after signing, a month changes only by an appended correction, itself signed once.
  await db.schema
    .createTable('duty_log_corrections')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('month_id', 'uuid', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('signed_by', 'uuid')
    .addColumn('signed_name', 'text')
    .addColumn('signed_at', 'timestamptz')
    .addPrimaryKeyConstraint('duty_log_corrections_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('duty_log_corrections_month_fk', ['enterprise_id', 'month_id'], 'duty_log_months', ['enterprise_id', 'id'])
    .execute()

  // The freeze, by the database: a signed month never changes, nor do its entries; a correction is
  // added only to a signed month and, once signed, never changes either.
  await sql`
    create function duty_log_months_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.signed_at is not null then
          raise exception 'signed duty log month cannot be deleted' using errcode = 'check_violation';
        end if;
        return old;
      end if;
      if old.signed_at is not null then
        raise exception 'signed duty log month is frozen' using errcode = 'check_violation';
      end if;
      if new.employee_id <> old.employee_id or new.month <> old.month or new.created_at <> old.created_at then
        raise exception 'duty log month identity cannot change' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger duty_log_months_freeze before update or delete on duty_log_months
    for each row execute function duty_log_months_frozen()`.execute(db)

  await sql`
    create function duty_log_entries_frozen() returns trigger language plpgsql as $$
    declare signed timestamptz;
    begin
      select signed_at into signed from duty_log_months
        where enterprise_id = coalesce(new.enterprise_id, old.enterprise_id) and id = coalesce(new.month_id, old.month_id)
        for share;
      if signed is not null then
        raise exception 'duty log month is signed: entries are frozen' using errcode = 'check_violation';
      end if;
      if tg_op = 'UPDATE' and new.month_id <> old.month_id then
        raise exception 'a duty log entry cannot move to another month' using errcode = 'check_violation';
      end if;
      return coalesce(new, old);
    end $$`.execute(db)
  await sql`create trigger duty_log_entries_freeze before insert or update or delete on duty_log_entries
    for each row execute function duty_log_entries_frozen()`.execute(db)

  await sql`
    create function duty_log_corrections_frozen() returns trigger language plpgsql as $$
    declare signed timestamptz;
    begin
      if tg_op = 'DELETE' then
        raise exception 'duty log corrections are never deleted' using errcode = 'check_violation';
      end if;
      if tg_op = 'INSERT' then
        select signed_at into signed from duty_log_months where enterprise_id = new.enterprise_id and id = new.month_id;
        if signed is null then
          raise exception 'a correction is added to a signed month only' using errcode = 'check_violation';
        end if;
        return new;
      end if;
      if old.signed_at is not null or new.content <> old.content or new.month_id <> old.month_id
         or new.created_by <> old.created_by or new.created_at <> old.created_at then
        raise exception 'duty log correction is frozen' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger duty_log_corrections_freeze before insert or update or delete on duty_log_corrections
    for each row execute function duty_log_corrections_frozen()`.execute(db)

  // 责任制考核: one assessment per person, post and period; scored per duty item; the assessed person
  // signs having seen it, and it is frozen from then on.
  await db.schema
    .createTable('assessments')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('version_id', 'uuid', (c) => c.notNull())
    .addColumn('period_kind', 'text', (c) => c.notNull().check(sql`period_kind in ('month','quarter','year')`))
    .addColumn('period_key', 'text', (c) => c.notNull().check(sql`period_key ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'`))
    .addColumn('assessor_kind', 'text', (c) => c.notNull().check(sql`assessor_kind in ('post','board','self')`))
    .addColumn('assessor_user_id', 'uuid', (c) => c.notNull())
    .addColumn('assessor_name', 'text', (c) => c.notNull())
    .addColumn('assessor_post', 'text', (c) => c.notNull())
    .addColumn('total_score', 'smallint', (c) => c.notNull().check(sql`total_score between 0 and 100`))
    .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('优秀','合格','不合格')`))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('follow_up', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('seen_by', 'uuid')
    .addColumn('seen_at', 'timestamptz')
    .addPrimaryKeyConstraint('assessments_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('assessments_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('assessments_post_fk', ['enterprise_id', 'post_id'], 'posts', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('assessments_version_fk', ['enterprise_id', 'version_id'], 'duty_list_versions', ['enterprise_id', 'id'])
    .addUniqueConstraint('assessments_period_uq', ['enterprise_id', 'employee_id', 'post_id', 'period_key'])
    .addCheckConstraint('assessments_fail_follow_up', sql`result <> '不合格' or follow_up is not null`)
    .execute()
  await db.schema.createIndex('assessments_period_idx').on('assessments').columns(['enterprise_id', 'period_key']).execute()

  await db.schema
    .createTable('assessment_scores')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('assessment_id', 'uuid', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('item_text', 'text', (c) => c.notNull())
    .addColumn('criterion', 'text', (c) => c.notNull())
    .addColumn('weight', 'smallint', (c) => c.notNull())
    .addColumn('score', 'smallint', (c) => c.notNull().check(sql`score between 0 and 100`))
    .addPrimaryKeyConstraint('assessment_scores_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('assessment_scores_assessment_fk', ['enterprise_id', 'assessment_id'], 'assessments', ['enterprise_id', 'id'])
    .addUniqueConstraint('assessment_scores_position_uq', ['enterprise_id', 'assessment_id', 'position'])
    .execute()
  await sql`create trigger assessment_scores_append_only before update or delete on assessment_scores
    for each row execute function append_only()`.execute(db)

  await sql`
    create function assessments_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'assessments are never deleted' using errcode = 'check_violation';
      end if;
      if old.seen_at is not null then
        raise exception 'assessment is signed as seen: frozen' using errcode = 'check_violation';
      end if;
      if (to_jsonb(new) - 'seen_by' - 'seen_at') <> (to_jsonb(old) - 'seen_by' - 'seen_at') then
        raise exception 'an assessment changes only by the assessed person signing it' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger assessments_freeze before update or delete on assessments
    for each row execute function assessments_frozen()`.execute(db)

  // born unsigned (see 20261201090000_signed_at_birth): the signature is added after, where it is checked
  await sql`create trigger duty_log_months_unsigned_at_insert before insert on duty_log_months
    for each row execute function refuse_signed_insert('signed_by', 'signed_name', 'signed_posts', 'signed_at')`.execute(db)
  await sql`create trigger duty_log_corrections_unsigned_at_insert before insert on duty_log_corrections
    for each row execute function refuse_signed_insert('signed_by', 'signed_name', 'signed_at')`.execute(db)
  await sql`create trigger assessments_unsigned_at_insert before insert on assessments
    for each row execute function refuse_signed_insert('seen_by', 'seen_at')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assessment_scores').ifExists().execute()
  await db.schema.dropTable('assessments').ifExists().execute()
  await db.schema.dropTable('duty_log_corrections').ifExists().execute()
  await db.schema.dropTable('duty_log_entries').ifExists().execute()
  await db.schema.dropTable('duty_log_months').ifExists().execute()
  await db.schema.dropTable('assessment_settings').ifExists().execute()
  await sql`drop function if exists duty_log_months_frozen(), duty_log_entries_frozen(), duty_log_corrections_frozen(), assessments_frozen()`.execute(
    db,
  )
  await db.schema.alterTable('duty_items').dropColumn('weight').execute()
  await db.schema.alterTable('duty_items').dropColumn('criterion').execute()
}
