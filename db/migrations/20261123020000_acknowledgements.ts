import { sql, type Kysely } from 'kysely'

// 签字确认: invitations that bring workers in, the append-only hash-chained confirmation ledger,
// and the reminder outbox. Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  // Single-use sign-up links: only the sha256 of the token is kept; re-issuing revokes the old one.
  await db.schema
    .createTable('invitations')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('invitations_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('invitations_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .execute()
  await sql`create unique index invitations_live_uq on invitations (enterprise_id, employee_id) where used_at is null and revoked_at is null`.execute(db)

  // The head of each enterprise's chain: locked while a confirmation is appended, so two
  // confirmations never take the same place in the chain.
  await db.schema
    .createTable('ledger_heads')
    .addColumn('enterprise_id', 'uuid', (c) => c.primaryKey().references('enterprises.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('acknowledgements')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('assignment_id', 'uuid', (c) => c.notNull())
    .addColumn('version_id', 'uuid', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('confirmed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('client_ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('signature_kind', 'text', (c) => c.notNull().check(sql`signature_kind in ('drawn','typed')`))
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('row_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('acknowledgements_pk', ['enterprise_id', 'id'])
    .addUniqueConstraint('acknowledgements_seq_uq', ['enterprise_id', 'seq'])
    .addForeignKeyConstraint('acknowledgements_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('acknowledgements_post_fk', ['enterprise_id', 'post_id'], 'posts', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('acknowledgements_assignment_fk', ['enterprise_id', 'assignment_id'], 'assignments', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('acknowledgements_version_fk', ['enterprise_id', 'version_id'], 'duty_list_versions', ['enterprise_id', 'id'])
    .execute()
  await db.schema
    .createIndex('acknowledgements_assignment_idx')
    .on('acknowledgements')
    .columns(['enterprise_id', 'assignment_id', 'version_id'])
    .execute()
  await db.schema.createIndex('acknowledgements_employee_idx').on('acknowledgements').columns(['enterprise_id', 'employee_id', 'confirmed_at']).execute()
  await sql`create trigger acknowledgements_append_only before update or delete on acknowledgements
    for each row execute function append_only()`.execute(db)
  await sql`create trigger acknowledgements_no_truncate before truncate on acknowledgements
    for each statement execute function append_only()`.execute(db)

  // Reminders to send (an outbox: sending is a separate worker's job); shown on the worker's home.
  await db.schema
    .createTable('reminders')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'uuid')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addPrimaryKeyConstraint('reminders_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('reminders_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('reminders_employee_idx').on('reminders').columns(['enterprise_id', 'employee_id', 'created_at']).execute()
  await db.schema.createIndex('reminders_unsent_idx').on('reminders').columns(['created_at']).where(sql.ref('sent_at'), 'is', null).execute()

  // The confirmation overview joins current assignments to published versions.
  await db.schema.createIndex('assignments_current_idx').on('assignments').columns(['enterprise_id', 'post_id', 'end_on']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('assignments_current_idx').ifExists().execute()
  await db.schema.dropTable('reminders').ifExists().execute()
  await db.schema.dropTable('acknowledgements').ifExists().execute()
  await db.schema.dropTable('ledger_heads').ifExists().execute()
  await db.schema.dropTable('invitations').ifExists().execute()
}
