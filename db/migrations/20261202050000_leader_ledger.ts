import { sql, type Kysely } from 'kysely'

// 安全生产党政同责一岗双责台账 (seed 001, 市安办发〔2017〕14号): the department leaders (主要领导 and 班子成员)
// of the supervising departments, each with a designated recorder (记录人员, 一人一本); one sheet
// (履职统计表) per leader and month; its entries; the leader's signatures; and the 安委办 of the same
// level as an account role of its own (safety_office), attached to a department row of that region.
//
// "一经存档，不得擅自修改": every table below is append-only for the app's role (db/privileges.ts), and
// the triggers refuse what privileges alone cannot: an entry added to a signed month unless it is a
// 更正, a draft entry withdrawn after it was signed, a signature by anyone but the sheet's leader.

export async function up(db: Kysely<any>): Promise<void> {
  // the 安委办 account (safety_office): like a regulator, it belongs to a department row, whose region
  // is its level (同级安委办)
  await sql`alter table users drop constraint users_role_check`.execute(db)
  await sql`alter table users add constraint users_role_check
    check (role in ('enterprise_admin','enterprise_head','worker','regulator','platform_admin','safety_office'))`.execute(db)
  await sql`alter table users drop constraint users_scope_ck`.execute(db)
  await sql`alter table users add constraint users_scope_ck check (
       (role in ('enterprise_admin','enterprise_head','worker') and enterprise_id is not null and department_id is null)
    or (role in ('regulator','safety_office') and department_id is not null and enterprise_id is null)
    or (role = 'platform_admin' and enterprise_id is null and department_id is null))`.execute(db)

  // a leader (主要领导 / 班子成员) of a department, and who keeps their book
  await db.schema
    .createTable('leader_ledger_leaders')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().unique().references('users.id'))
    .addColumn('department_id', 'uuid', (c) => c.notNull().references('departments.id'))
    .addColumn('position', 'text', (c) => c.notNull().check(sql`position in ('principal','member')`))
    .addColumn('title', 'text', (c) => c.notNull())
    // 分管行业领域（部门）: only for 分管 leaders (填表说明 1: 主要负责人不需填写)
    .addColumn('charge_areas', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('recorder_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('leader_ledger_leaders_recorder_ck', sql`recorder_user_id <> user_id`)
    .addCheckConstraint('leader_ledger_leaders_areas_ck', sql`position = 'member' or cardinality(charge_areas) = 0`)
    .execute()
  await db.schema.createIndex('leader_ledger_leaders_department_idx').on('leader_ledger_leaders').column('department_id').execute()
  await db.schema.createIndex('leader_ledger_leaders_recorder_idx').on('leader_ledger_leaders').column('recorder_user_id').execute()

  // one 履职统计表 per leader and month, with the cover as it stood when the month was opened
  await db.schema
    .createTable('leader_ledger_sheets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('leader_id', 'uuid', (c) => c.notNull().references('leader_ledger_leaders.id'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('month', 'integer', (c) => c.notNull().check(sql`month between 1 and 12`))
    .addColumn('leader_name', 'text', (c) => c.notNull())
    .addColumn('leader_title', 'text', (c) => c.notNull())
    .addColumn('charge_areas', sql`text[]`, (c) => c.notNull())
    .addColumn('department_name', 'text', (c) => c.notNull())
    .addColumn('recorder_name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // the first signature: the month is submitted (报送) to the 安委办
    .addColumn('submitted_at', 'timestamptz')
    .addUniqueConstraint('leader_ledger_sheets_month_uq', ['leader_id', 'year', 'month'])
    .execute()

  await db.schema
    .createTable('leader_ledger_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('leader_ledger_sheets.id'))
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq > 0`))
    .addColumn('occurred_on', 'date', (c) => c.notNull())
    // 工作内容: 地点 + 内容 (填表说明 2)
    .addColumn('work', 'text', (c) => c.notNull().check(sql`length(work) between 1 and 500`))
    .addColumn('participants', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('remark', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source_kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`source_kind in ('inspection','order_issued','order_reviewed','hazard_supervise','hazard_write_off','meeting','research','site_visit','other','correction')`,
        ),
    )
    // the inspection, order or hazard a proposal came from
    .addColumn('source_id', 'uuid')
    // 更正: appended after submission, optionally naming the entry it corrects
    .addColumn('correction_of', 'uuid', (c) => c.references('leader_ledger_entries.id'))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('leader_ledger_entries_seq_uq', ['sheet_id', 'seq'])
    .addCheckConstraint('leader_ledger_entries_correction_ck', sql`correction_of is null or source_kind = 'correction'`)
    .execute()

  // a draft entry taken out before the leader signs (the row itself stays, as everything here)
  await db.schema
    .createTable('leader_ledger_withdrawals')
    .addColumn('entry_id', 'uuid', (c) => c.primaryKey().references('leader_ledger_entries.id'))
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('leader_ledger_sheets.id'))
    .addColumn('withdrawn_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('withdrawn_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  // 本人签字: the first one submits the month; each later one signs the 更正 entries appended since
  await db.schema
    .createTable('leader_ledger_signatures')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('leader_ledger_sheets.id'))
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq > 0`))
    .addColumn('signed_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    // the entries this signature covers: every one numbered up to last_entry_seq
    .addColumn('last_entry_seq', 'integer', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('leader_ledger_signatures_seq_uq', ['sheet_id', 'seq'])
    .execute()

  // evidence of an entry (会议记录, photos): the bytes go through the evidence store, the record here
  await db.schema
    .createTable('leader_ledger_files')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('sheet_id', 'uuid', (c) => c.notNull().references('leader_ledger_sheets.id'))
    .addColumn('entry_id', 'uuid', (c) => c.notNull().references('leader_ledger_entries.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('leader_ledger_files_entry_idx').on('leader_ledger_files').column('entry_id').execute()

  for (const t of ['leader_ledger_entries', 'leader_ledger_withdrawals', 'leader_ledger_signatures', 'leader_ledger_files']) {
    await sql.raw(`create trigger ${t}_append_only before update or delete on ${t} for each row execute function append_only()`).execute(db)
  }

  // the month a sheet covers: from the 26th of the month before to the 25th (报送 by the 26th, rules.ts)
  await sql`
    create function leader_ledger_covered(sheet uuid) returns integer language sql stable as $$
      select coalesce(max(last_entry_seq), 0) from leader_ledger_signatures where sheet_id = sheet
    $$`.execute(db)

  await sql`
    create function leader_ledger_entry_check() returns trigger language plpgsql as $$
    declare
      s record;
      signed boolean;
    begin
      select * into s from leader_ledger_sheets where id = new.sheet_id;
      if new.occurred_on < (make_date(s.year, s.month, 26) - interval '1 month')::date
         or new.occurred_on > make_date(s.year, s.month, 25) then
        raise exception 'leader ledger entry % lies outside the month %-% it is recorded in', new.occurred_on, s.year, s.month
          using errcode = 'check_violation';
      end if;
      signed := exists (select 1 from leader_ledger_signatures where sheet_id = new.sheet_id);
      if signed and new.source_kind <> 'correction' then
        raise exception 'leader ledger month is submitted: only a correction (更正) may be appended' using errcode = 'check_violation';
      end if;
      if not signed and new.source_kind = 'correction' then
        raise exception 'a correction (更正) is appended only to a submitted month' using errcode = 'check_violation';
      end if;
      if new.correction_of is not null
         and not exists (select 1 from leader_ledger_entries where id = new.correction_of and sheet_id = new.sheet_id) then
        raise exception 'a correction names an entry of its own month' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger leader_ledger_entries_check before insert on leader_ledger_entries
    for each row execute function leader_ledger_entry_check()`.execute(db)

  await sql`
    create function leader_ledger_withdrawal_check() returns trigger language plpgsql as $$
    declare
      e record;
    begin
      select * into e from leader_ledger_entries where id = new.entry_id;
      if e.sheet_id <> new.sheet_id then
        raise exception 'withdrawal names another month' using errcode = 'check_violation';
      end if;
      if e.seq <= leader_ledger_covered(new.sheet_id) then
        raise exception 'leader ledger entry % is signed and cannot be withdrawn', new.entry_id using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger leader_ledger_withdrawals_check before insert on leader_ledger_withdrawals
    for each row execute function leader_ledger_withdrawal_check()`.execute(db)

  // Only the sheet's leader signs; signatures are numbered 1, 2, …; a signature covers every entry
  // recorded so far; a later one (after a 更正) needs something new to sign.
  await sql`
    create function leader_ledger_signature_check() returns trigger language plpgsql as $$
    declare
      leader uuid;
      previous integer;
      last_seq integer;
    begin
      select l.user_id into leader from leader_ledger_sheets s join leader_ledger_leaders l on l.id = s.leader_id where s.id = new.sheet_id;
      if leader is distinct from new.signed_by then
        raise exception 'only the leader signs their own ledger' using errcode = 'check_violation';
      end if;
      if new.seq <> (select count(*) + 1 from leader_ledger_signatures where sheet_id = new.sheet_id) then
        raise exception 'leader ledger signatures are numbered in order' using errcode = 'unique_violation';
      end if;
      previous := leader_ledger_covered(new.sheet_id);
      select coalesce(max(seq), 0) into last_seq from leader_ledger_entries where sheet_id = new.sheet_id;
      if new.last_entry_seq <> last_seq then
        raise exception 'a signature covers every entry recorded' using errcode = 'check_violation';
      end if;
      if new.seq > 1 and last_seq <= previous then
        raise exception 'nothing new to sign' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger leader_ledger_signatures_check before insert on leader_ledger_signatures
    for each row execute function leader_ledger_signature_check()`.execute(db)

  await sql`
    create function leader_ledger_file_check() returns trigger language plpgsql as $$
    declare
      e record;
    begin
      select * into e from leader_ledger_entries where id = new.entry_id;
      if e.sheet_id <> new.sheet_id or e.seq <= leader_ledger_covered(new.sheet_id) then
        raise exception 'evidence is attached to an unsigned entry of its month' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger leader_ledger_files_check before insert on leader_ledger_files
    for each row execute function leader_ledger_file_check()`.execute(db)

  // The sheet: only submitted_at is ever set, once, to the first signature's time; nothing is deleted.
  await sql`
    create function leader_ledger_sheet_freeze() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'leader_ledger_sheets is append-only' using errcode = 'check_violation';
      end if;
      if old.submitted_at is not null
         or (to_jsonb(new) - 'submitted_at') <> (to_jsonb(old) - 'submitted_at')
         or new.submitted_at is null
         or not exists (select 1 from leader_ledger_signatures where sheet_id = new.id and seq = 1 and signed_at = new.submitted_at) then
        raise exception 'a leader ledger month is submitted once, by its first signature' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger leader_ledger_sheets_freeze before update or delete on leader_ledger_sheets
    for each row execute function leader_ledger_sheet_freeze()`.execute(db)
  await sql`create trigger leader_ledger_sheets_unsigned_at_insert before insert on leader_ledger_sheets
    for each row execute function refuse_signed_insert('submitted_at')`.execute(db)
  await sql`create trigger leader_ledger_leaders_no_delete before delete on leader_ledger_leaders
    for each row execute function append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['leader_ledger_files', 'leader_ledger_signatures', 'leader_ledger_withdrawals', 'leader_ledger_entries', 'leader_ledger_sheets', 'leader_ledger_leaders'])
    await db.schema.dropTable(t).ifExists().execute()
  for (const f of ['leader_ledger_sheet_freeze', 'leader_ledger_file_check', 'leader_ledger_signature_check', 'leader_ledger_withdrawal_check', 'leader_ledger_entry_check'])
    await sql.raw(`drop function if exists ${f}()`).execute(db)
  await sql`drop function if exists leader_ledger_covered(uuid)`.execute(db)
  await sql`delete from users where role = 'safety_office'`.execute(db)
  await sql`alter table users drop constraint users_scope_ck`.execute(db)
  await sql`alter table users add constraint users_scope_ck check (
       (role in ('enterprise_admin','enterprise_head','worker') and enterprise_id is not null and department_id is null)
    or (role = 'regulator' and department_id is not null and enterprise_id is null)
    or (role = 'platform_admin' and enterprise_id is null and department_id is null))`.execute(db)
  await sql`alter table users drop constraint users_role_check`.execute(db)
  await sql`alter table users add constraint users_role_check
    check (role in ('enterprise_admin','enterprise_head','worker','regulator','platform_admin'))`.execute(db)
}
