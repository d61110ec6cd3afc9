import { sql, type Kysely } from 'kysely'

// Who took part in a drill (参演人员), so a worker sees the drills they took part in. A drill kept
// only its head count; the roster of names is added beside it, append-only like the drill itself.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('drill_participants')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('drill_id', 'uuid', (c) => c.notNull())
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('drill_participants_pk', ['enterprise_id', 'drill_id', 'employee_id'])
    .addForeignKeyConstraint('drill_participants_drill_fk', ['enterprise_id', 'drill_id'], 'drills', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('drill_participants_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .execute()
  await db.schema
    .createIndex('drill_participants_employee_idx')
    .on('drill_participants')
    .columns(['enterprise_id', 'employee_id'])
    .execute()
  await sql`create trigger drill_participants_append_only before update or delete on drill_participants
    for each row execute function append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('drill_participants').ifExists().execute()
}
