import { sql, type Kysely } from 'kysely'

// Frozen in time: never edit after it lands; add a new migration instead.
//
// Reference tables (regions, industries, departments) are shared by all tenants.
// Every enterprise-owned table is keyed (enterprise_id, id), and its foreign keys to other
// enterprise-owned tables include enterprise_id, so a cross-tenant reference cannot exist.
export async function up(db: Kysely<any>): Promise<void> {

  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text', (c) => c.references('regions.code'))
    .addColumn('level', 'smallint', (c) => c.notNull().check(sql`level between 1 and 4`))
    .execute()
  await db.schema.createIndex('regions_parent_idx').on('regions').column('parent_code').execute()

  await db.schema
    .createTable('industries')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('high_risk', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('half_yearly_drills', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  // 管行业必须管安全: which kind of department supervises an industry.
  await db.schema
    .createTable('industry_supervisors')
    .addColumn('industry_code', 'text', (c) => c.notNull().references('industries.code').onDelete('cascade'))
    .addColumn('department_kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('industry_supervisors_pk', ['industry_code', 'department_kind'])
    .execute()
  await db.schema
    .createIndex('industry_supervisors_kind_idx')
    .on('industry_supervisors')
    .columns(['department_kind', 'industry_code'])
    .execute()

  await db.schema
    .createTable('departments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('departments_name_region_uq', ['region_code', 'name'])
    .execute()

  await db.schema
    .createTable('enterprises')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull().unique())
    .addColumn('industry_code', 'text', (c) => c.notNull().references('industries.code'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('legal_representative', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('principal_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  // Scope queries filter by region prefix (a region and everything under it) and by industry.
  await sql`create index enterprises_region_prefix_idx on enterprises (region_code text_pattern_ops)`.execute(db)
  await db.schema.createIndex('enterprises_industry_idx').on('enterprises').columns(['industry_code', 'region_code']).execute()
  await db.schema.createIndex('enterprises_name_idx').on('enterprises').columns(['name', 'id']).execute()

  await db.schema
    .createTable('org_units')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('parent_id', 'uuid')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('公司','部门','车间','工段','班组')`))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('org_units_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('org_units_parent_fk', ['enterprise_id', 'parent_id'], 'org_units', ['enterprise_id', 'id'])
    .execute()

  await db.schema
    .createTable('posts')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_unit_id', 'uuid', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tier', 'smallint', (c) => c.notNull().check(sql`tier between 1 and 5`))
    .addColumn('is_safety_manager', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('in_charge_of_safety', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_unit_head', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('required_certificates', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('posts_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('posts_unit_fk', ['enterprise_id', 'org_unit_id'], 'org_units', ['enterprise_id', 'id'])
    .execute()
  await db.schema.createIndex('posts_unit_idx').on('posts').columns(['enterprise_id', 'org_unit_id']).execute()

  await db.schema
    .createTable('employees')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('employee_no', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('employment_type', 'text', (c) =>
      c.notNull().check(sql`employment_type in ('正式','劳务派遣','实习','外包')`),
    )
    .addColumn('hired_on', 'date', (c) => c.notNull())
    .addColumn('id_card', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('employees_pk', ['enterprise_id', 'id'])
    .addUniqueConstraint('employees_no_uq', ['enterprise_id', 'employee_no'])
    .addUniqueConstraint('employees_phone_uq', ['enterprise_id', 'phone'])
    .execute()

  // 任职: one person may hold several posts; an ended assignment keeps its history.
  await db.schema
    .createTable('assignments')
    .addColumn('enterprise_id', 'uuid', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('employee_id', 'uuid', (c) => c.notNull())
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('start_on', 'date', (c) => c.notNull())
    .addColumn('end_on', 'date')
    .addPrimaryKeyConstraint('assignments_pk', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('assignments_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .addForeignKeyConstraint('assignments_post_fk', ['enterprise_id', 'post_id'], 'posts', ['enterprise_id', 'id'])
    .addCheckConstraint('assignments_dates_ck', sql`end_on is null or end_on >= start_on`)
    .execute()
  await db.schema.createIndex('assignments_employee_idx').on('assignments').columns(['enterprise_id', 'employee_id']).execute()
  await db.schema.createIndex('assignments_post_idx').on('assignments').columns(['enterprise_id', 'post_id']).execute()

  // Accounts span tenants (sign-in looks them up by 手机号 or 用户名), so users is a platform table;
  // an enterprise account carries its enterprise_id, a regulator its department.
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('username', 'text', (c) => c.unique())
    .addColumn('phone', 'text', (c) => c.unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('enterprise_admin','enterprise_head','worker','regulator','platform_admin')`),
    )
    .addColumn('enterprise_id', 'uuid', (c) => c.references('enterprises.id'))
    .addColumn('employee_id', 'uuid')
    .addColumn('department_id', 'uuid', (c) => c.references('departments.id'))
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('users_employee_fk', ['enterprise_id', 'employee_id'], 'employees', ['enterprise_id', 'id'])
    .addCheckConstraint('users_login_ck', sql`username is not null or phone is not null`)
    .addCheckConstraint(
      'users_scope_ck',
      sql`(role in ('enterprise_admin','enterprise_head','worker') and enterprise_id is not null and department_id is null)
       or (role = 'regulator' and department_id is not null and enterprise_id is null)
       or (role = 'platform_admin' and enterprise_id is null and department_id is null)`,
    )
    .execute()
  await db.schema.createIndex('users_enterprise_idx').on('users').columns(['enterprise_id', 'role']).execute()

  // Lucia sessions: the id column holds sha256(session id), never the id itself.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute()

  // Audit trail: sign-ins (both outcomes), denials, changes. Append-only.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_id', 'uuid')
    .addColumn('enterprise_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('detail', 'jsonb')
    .execute()
  await db.schema.createIndex('audit_events_enterprise_idx').on('audit_events').columns(['enterprise_id', 'at']).execute()
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only';
    end $$`.execute(db)
  await sql`
    create trigger audit_events_no_change before update or delete on audit_events
    for each row execute function audit_events_append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'audit_events',
    'sessions',
    'users',
    'assignments',
    'employees',
    'posts',
    'org_units',
    'enterprises',
    'departments',
    'industry_supervisors',
    'industries',
    'regions',
  ]) {
    await db.schema.dropTable(t).ifExists().cascade().execute()
  }
  await sql`drop function if exists audit_events_append_only()`.execute(db)
}
