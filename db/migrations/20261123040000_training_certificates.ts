import { sql, type Kysely } from 'kysely'

// Training sessions and attendance (教育培训), certificates (持证上岗). Frozen in time.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_sessions')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('岗前三级教育','年度再培训','转岗复岗','特种作业','负责人及安全管理人员')`))
    // for 岗前三级教育 and 转岗复岗: 厂级 / 车间级 / 班组级
    .addColumn('level', 'text', (c) => c.check(sql`level is null or level in ('厂级','车间级','班组级')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('planned','held')`))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('hours', sql`numeric(5,1)`, (c) => c.notNull().check(sql`hours > 0 and hours <= 200`))
    .addColumn('trainer', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('assessment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('training_sessions_pk', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('training_sessions_held_idx').on('training_sessions').columns(['enterprise_id', 'held_on']).execute()

  await db.schema
    .createTable('training_attendance')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull())
    .addColumn('session_id', 'uuid', (c) => c.notNull())
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.check(sql`result is null or result in ('合格','不合格')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('training_attendance_pk', ['enterprise_id', 'session_id', 'employee_id'])
    .addForeignKeyConstraint('training_attendance_session_fk', ['enterprise_id', 'session_id'], 'training_sessions', ['enterprise_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('training_attendance_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('training_attendance_employee_idx').on('training_attendance').columns(['enterprise_id', 'employee_id']).execute()

  await db.schema
    .createTable('certificates')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('authority', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .addColumn('review_due_on', 'date')
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('certificates_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('certificates_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .addCheckConstraint('certificates_dates_ck', sql`expires_on > issued_on`)
    .execute()
  await db.schema.createIndex('certificates_expiry_idx').on('certificates').columns(['enterprise_id', 'expires_on']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('certificates').ifExists().execute()
  await db.schema.dropTable('training_attendance').ifExists().execute()
  await db.schema.dropTable('training_sessions').ifExists().execute()
}
