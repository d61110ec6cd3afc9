import { sql, type Kysely } from 'kysely'

// 隐患排查 signs through the one signing flow (issue 15): the phone form saves the item results and
// photos as the checker's draft, then the confirmation step (?confirm=1) signs it. Frozen in time:
// never edit after it lands.
//  - check_drafts: working data, one per plan, period and checker (unique), editable by that checker
//    only — the trigger holds the row to the acting user (app.user_id), whatever the app passes in. A
//    draft is not a check: signing writes the check and its results (checks_signer still holds the
//    signer to the acting user and the post held that day) and the hazards, and drops the draft, in
//    one transaction.
//  - a draft's photos are evidence files of kind check-draft until the check is signed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('check_drafts')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('plan_id', 'uuid', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('checker_user_id', 'uuid', (c) => c.notNull())
    // [{ result: 'ok' | 'hazard', note, photos: [{ id, name }] }], one per item of the plan, in order
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('check_drafts_pk', ['enterprise_id', 'id'])
    .addUniqueConstraint('check_drafts_once_uq', ['enterprise_id', 'plan_id', 'period_key', 'checker_user_id'])
    .addForeignKeyConstraint('check_drafts_plan_fk', ['enterprise_id', 'plan_id'], 'check_plans', ['enterprise_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
  await sql`
    create function check_drafts_owner() returns trigger language plpgsql as $$
    declare
      uid text := current_setting('app.user_id', true);
    begin
      if uid is null or uid = '' then
        raise exception 'a check draft is kept by the acting user (app.user_id is not set)' using errcode = 'check_violation';
      end if;
      if tg_op = 'UPDATE' and old.checker_user_id <> uid::uuid then
        raise exception 'a check draft is edited by its checker only' using errcode = 'check_violation';
      end if;
      new.checker_user_id := uid::uuid;
      return new;
    end $$`.execute(db)
  await sql`create trigger check_drafts_owner before insert or update on check_drafts
    for each row execute function check_drafts_owner()`.execute(db)

  await sql`alter table evidence_files drop constraint evidence_files_owner_kind_ck`.execute(db)
  await sql`alter table evidence_files add constraint evidence_files_owner_kind_ck check (
    owner_kind in ('training','certificate','plan','drill','meeting','rectification-answer','hazard-report','hazard-rectify','risk-plan','check-draft')
    or owner_kind ~ '^obligation-([1-9]|1[0-9]|20)$')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table evidence_files drop constraint evidence_files_owner_kind_ck`.execute(db)
  await sql`alter table evidence_files add constraint evidence_files_owner_kind_ck check (
    owner_kind in ('training','certificate','plan','drill','meeting','rectification-answer','hazard-report','hazard-rectify','risk-plan')
    or owner_kind ~ '^obligation-([1-9]|1[0-9]|20)$')`.execute(db)
  await db.schema.dropTable('check_drafts').ifExists().execute()
  await sql`drop function if exists check_drafts_owner()`.execute(db)
}
