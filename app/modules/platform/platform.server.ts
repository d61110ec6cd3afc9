import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import type { FieldErrors } from '../../utils/form'
import { forbidden } from '../../utils/http'
import type { Result } from '../../utils/result'
import { containsPattern, type Page } from '../../utils/table-params'
import { recordAudit } from '../audit/audit.server'
import type { Actor } from '../auth/actor'
import { hashPassword } from '../auth/password.server'
import { createUser } from '../auth/users.server'
import { checkEnterpriseReferences, insertEnterprise } from '../enterprises/enterprises.server'
import type { CreateEnterpriseInput, CreateRegulatorInput } from './schema'
import type { RequestContext } from '../../db.server'

function assertPlatform(actor: Actor) {
  if (actor.kind !== 'platform') throw forbidden()
}

export type CreateResult = Result<{ id: string }>

/**
 * One platform creation at a time: the same form submitted twice at once (a double click, a retry)
 * would otherwise pass the checks below together and the second meet the unique username, phone or
 * credit code as a 500. After the lock the checks see what the first created and answer beside the
 * fields. Held to the end of the request's transaction; the platform creates accounts rarely.
 */
async function lockPlatformCreation(db: Kysely<Database>) {
  await sql`select pg_advisory_xact_lock(hashtext('platform-create'))`.execute(db)
}

async function accountConflicts(db: Kysely<Database>, username: string, phone: string, fields: { username: string; phone: string }) {
  const errors: FieldErrors = {}
  const existing = await db
    .selectFrom('users')
    .select(['username', 'phone'])
    .where((eb) => eb.or([eb('username', '=', username), eb('phone', '=', phone)]))
    .execute()
  if (existing.some((u) => u.username === username)) errors[fields.username] = '该用户名已被使用'
  if (existing.some((u) => u.phone === phone)) errors[fields.phone] = '该手机号已绑定其他账号'
  return errors
}

/** Creates an enterprise and its administrator account together, or neither (the caller's withActor transaction). */
export async function createEnterprise(ctx: RequestContext, input: CreateEnterpriseInput): Promise<CreateResult> {
  const { db, actor, client } = ctx
  assertPlatform(actor)
  await lockPlatformCreation(db)
  const fieldErrors = {
    ...(await checkEnterpriseReferences(db, input, null)),
    ...(await accountConflicts(db, input.adminUsername, input.adminPhone, { username: 'adminUsername', phone: 'adminPhone' })),
  }
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  const passwordHash = await hashPassword(input.adminPassword)
  const e = await insertEnterprise(db, input)
  await createUser(db, {
    username: input.adminUsername,
    phone: input.adminPhone,
    displayName: input.adminName,
    passwordHash,
    role: 'enterprise_admin',
    enterpriseId: e.id,
    // the platform admin chose this password: its owner changes it at the first sign-in
    mustChangePassword: true,
  })
  const id = e.id
  await recordAudit(db, { userId: actor.userId, enterpriseId: id, action: 'enterprise.create', target: id, result: 'ok', ...client })
  return { ok: true, id }
}

export async function createRegulatorAccount(ctx: RequestContext, input: CreateRegulatorInput): Promise<CreateResult> {
  const { db, actor, client } = ctx
  assertPlatform(actor)
  await lockPlatformCreation(db)
  const fieldErrors = await accountConflicts(db, input.username, input.phone, { username: 'username', phone: 'phone' })
  const department = await db.selectFrom('departments').select(['id', 'kind']).where('id', '=', input.departmentId).executeTakeFirst()
  if (!department) fieldErrors.departmentId = '请选择列表中的部门'
  // a 安委办 account belongs to its level's 安委会办公室, and only there; a regulator to a department
  else if (input.accountKind === 'safety_office' && department.kind !== 'safety_office')
    fieldErrors.departmentId = '安委办账号请选择本级安全生产委员会办公室'
  else if (input.accountKind === 'regulator' && department.kind === 'safety_office')
    fieldErrors.departmentId = '安委会办公室的账号请选择“安委办”类型'
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  const user = await createUser(db, {
    username: input.username,
    phone: input.phone,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    role: input.accountKind,
    departmentId: input.departmentId,
    // the platform admin chose this password: its owner changes it at the first sign-in
    mustChangePassword: true,
  })
  await recordAudit(db, {
    userId: actor.userId,
    action: input.accountKind === 'safety_office' ? 'safety_office.create' : 'regulator.create',
    target: user.id,
    result: 'ok',
    ...client,
  })
  return { ok: true, id: user.id }
}

export interface PlatformEnterpriseRow {
  id: string
  name: string
  creditCode: string
  industryName: string
  regionName: string
  admins: number
  createdAt: string
}

export async function listAllEnterprises(
  ctx: RequestContext,
  query: { q: string; page: number; size: number; sort: 'name' | 'createdAt'; dir: 'asc' | 'desc' },
): Promise<Page<PlatformEnterpriseRow>> {
  const { db, actor } = ctx
  assertPlatform(actor)
  let base = db
    .selectFrom('enterprises as e')
    .innerJoin('industries as i', 'i.code', 'e.industry_code')
    .innerJoin('regions as r', 'r.code', 'e.region_code')
  if (query.q) {
    const like = containsPattern(query.q)
    base = base.where((eb) => eb.or([eb('e.name', 'like', like), eb('e.credit_code', 'like', like.toUpperCase())]))
  }
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  const rows = await base
    .select([
      'e.id',
      'e.name',
      'e.credit_code as creditCode',
      'i.name as industryName',
      'r.name as regionName',
      'e.created_at as createdAt',
      (eb) =>
        eb
          .selectFrom('users as u')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('u.enterprise_id', '=', 'e.id')
          .where('u.role', '=', 'enterprise_admin')
          .as('admins'),
    ])
    .orderBy(query.sort === 'name' ? 'e.name' : 'e.created_at', query.dir)
    .orderBy('e.id')
    .limit(query.size)
    .offset((query.page - 1) * query.size)
    .execute()
  return {
    rows: rows.map((r) => ({ ...r, admins: Number(r.admins ?? 0), createdAt: new Date(r.createdAt).toISOString() })),
    total,
    page: query.page,
    size: query.size,
  }
}

export async function listRegulatorAccounts(ctx: RequestContext) {
  const { db, actor } = ctx
  assertPlatform(actor)
  return db
    .selectFrom('users as u')
    .innerJoin('departments as d', 'd.id', 'u.department_id')
    .select([
      'u.id',
      'u.display_name as displayName',
      'u.username',
      'u.phone',
      'u.role',
      'd.name as departmentName',
      'u.created_at as createdAt',
    ])
    .where('u.role', 'in', ['regulator', 'safety_office'])
    .orderBy('d.name')
    .orderBy('u.display_name')
    .limit(500)
    .execute()
}
