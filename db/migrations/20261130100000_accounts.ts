import { sql, type Kysely } from 'kysely'

// Accounts (issue 10, part A). An invitation only ever activates a worker account that has never had
// a password: a trigger refuses any other invitation, and redeeming one sets a password only where
// there is none. Worker password resets are single-use links (sha256 of the token kept, expiring).
// An account whose password someone else set must change it at its next sign-in. Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    // set when the platform admin resets the account; shown to its owner at the next sign-in
    .addColumn('password_reset_notice_at', 'timestamptz')
    .addColumn('password_changed_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('enterprise_id', 'uuid', (c) => c.references('enterprises.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  // at most one live link per account: issuing a new one revokes the old first
  await sql`create unique index password_resets_live_uq on password_resets (user_id) where used_at is null and revoked_at is null`.execute(db)

  // The database's own guard against takeover through an invitation or a worker reset link: the
  // account must be a worker's, and (for an invitation) one that has never had a password.
  await sql`
    create function invitation_target_guard() returns trigger language plpgsql as $$
    declare target record;
    begin
      select role, password_hash into target from users where id = new.user_id;
      if target.role is distinct from 'worker' then
        raise exception 'invitation for a non-worker account refused' using errcode = 'check_violation';
      end if;
      if tg_table_name = 'invitations' and target.password_hash is not null then
        raise exception 'invitation for an account that already has a password refused' using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger invitations_target_guard before insert or update of user_id on invitations for each row execute function invitation_target_guard()`.execute(db)
  await sql`create trigger password_resets_target_guard before insert or update of user_id on password_resets for each row execute function invitation_target_guard()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists invitations_target_guard on invitations`.execute(db)
  await sql`drop trigger if exists password_resets_target_guard on password_resets`.execute(db)
  await sql`drop function if exists invitation_target_guard()`.execute(db)
  await db.schema.dropTable('password_resets').ifExists().execute()
  await db.schema.alterTable('users').dropColumn('must_change_password').dropColumn('password_reset_notice_at').dropColumn('password_changed_at').execute()
}
