import { sql, type Kysely } from 'kysely'

// 全员安全生产责任制: one list per post (一岗一清单), versioned, approved in order, published and frozen.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  // 分管负责人 of a unit: the tier-2 post in charge of it (inherited by the units below it).
  await db.schema.alterTable('org_units').addColumn('supervisor_post_id', 'uuid').execute()
  await db.schema
    .alterTable('org_units')
    .addForeignKeyConstraint('org_units_supervisor_fk', ['enterprise_id', 'supervisor_post_id'], 'posts', ['enterprise_id', 'id'])
    .execute()
  await db.schema.alterTable('posts').addColumn('archived_at', 'timestamptz').execute()
  await sql`create unique index posts_unit_name_uq on posts (enterprise_id, org_unit_id, name) where archived_at is null`.execute(db)
  await db.schema.createIndex('org_units_parent_idx').on('org_units').columns(['enterprise_id', 'parent_id']).execute()

  await db.schema
    .createTable('duty_list_versions')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','submitted','published','superseded')`))
    .addColumn('title', 'text', (c) => c.notNull())
    // At submission: the approvers in order [{ role, postId, postName }]; step is the next one to act.
    .addColumn('approval_chain', 'jsonb')
    .addColumn('approval_step', 'smallint')
    .addColumn('content_hash', 'text')
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('superseded_at', 'timestamptz')
    .addPrimaryKeyConstraint('duty_list_versions_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('duty_list_versions_post_fk', ['enterprise_id', 'post_id'], 'posts', ['enterprise_id', 'id'])
    .addUniqueConstraint('duty_list_versions_number_uq', ['enterprise_id', 'post_id', 'version'])
    .execute()
  // Each post: at most one version being worked on, at most one published (the current list).
  await sql`create unique index duty_list_versions_open_uq on duty_list_versions (enterprise_id, post_id) where status in ('draft','submitted')`.execute(db)
  await sql`create unique index duty_list_versions_published_uq on duty_list_versions (enterprise_id, post_id) where status = 'published'`.execute(db)

  await db.schema
    .createTable('duty_items')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version_id', 'uuid', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text')
    .addPrimaryKeyConstraint('duty_items_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('duty_items_version_fk', ['enterprise_id', 'version_id'], 'duty_list_versions', ['enterprise_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
  await db.schema.createIndex('duty_items_version_idx').on('duty_items').columns(['enterprise_id', 'version_id', 'position']).execute()

  // Every step of a list's life: who, when, what, with what comment. Append-only.
  await db.schema
    .createTable('duty_list_events')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version_id', 'uuid', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('create','submit','approve','reject','publish','withdraw')`))
    .addColumn('step_role', 'text')
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('post_name', 'text')
    .addColumn('comment', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('duty_list_events_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('duty_list_events_version_fk', ['enterprise_id', 'version_id'], 'duty_list_versions', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('duty_list_events_version_idx').on('duty_list_events').columns(['enterprise_id', 'version_id', 'at']).execute()

  // The freeze, enforced by the database itself: items of a version that is no longer a draft
  // cannot change; a published version's content fields cannot change; events are never rewritten.
  await sql`
    create function duty_items_frozen() returns trigger language plpgsql as $$
    declare s text;
    begin
      select status into s from duty_list_versions
        where enterprise_id = coalesce(new.enterprise_id, old.enterprise_id) and id = coalesce(new.version_id, old.version_id);
      if s is distinct from 'draft' then
        raise exception 'duty list version is frozen (%)', s using errcode = 'check_violation';
      end if;
      return coalesce(new, old);
    end $$`.execute(db)
  await sql`create trigger duty_items_freeze before insert or update or delete on duty_items
    for each row execute function duty_items_frozen()`.execute(db)

  await sql`
    create function duty_versions_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status <> 'draft' then
          raise exception 'duty list version cannot be deleted' using errcode = 'check_violation';
        end if;
        return old;
      end if;
      if old.status in ('published', 'superseded') then
        if new.title <> old.title or new.content_hash is distinct from old.content_hash or new.version <> old.version
           or new.post_id <> old.post_id or new.published_at is distinct from old.published_at
           or not (new.status = old.status or (old.status = 'published' and new.status = 'superseded')) then
          raise exception 'published duty list version is frozen' using errcode = 'check_violation';
        end if;
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger duty_versions_freeze before update or delete on duty_list_versions
    for each row execute function duty_versions_frozen()`.execute(db)

  await sql`
    create function append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'check_violation';
    end $$`.execute(db)
  await sql`create trigger duty_list_events_append_only before update or delete on duty_list_events
    for each row execute function append_only()`.execute(db)

  // Excel imports: parse → validate → preview (this row) → commit, all-or-nothing.
  await db.schema
    .createTable('import_batches')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('previewed','committed','discarded')`))
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('rows', 'jsonb', (c) => c.notNull())
    .addColumn('problems', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('committed_at', 'timestamptz')
    .addPrimaryKeyConstraint('import_batches_pk', ['enterprise_id', 'id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_batches').ifExists().execute()
  await db.schema.dropTable('duty_list_events').ifExists().execute()
  await db.schema.dropTable('duty_items').ifExists().execute()
  await db.schema.dropTable('duty_list_versions').ifExists().execute()
  await sql`drop function if exists duty_items_frozen(), duty_versions_frozen(), append_only()`.execute(db)
  await sql`drop index if exists posts_unit_name_uq`.execute(db)
  await db.schema.alterTable('posts').dropColumn('archived_at').execute()
  await db.schema.alterTable('org_units').dropConstraint('org_units_supervisor_fk').execute()
  await db.schema.alterTable('org_units').dropColumn('supervisor_post_id').execute()
}
