import type { Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import type { FieldErrors } from '../../utils/form'
import { forbidden, notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import type { Actor } from '../auth/actor'
import { regionChain } from '../reference/reference.server'
import { resolveSupervisors, type DepartmentRef, type ScopeType } from '../reference/rules'
import { canChangeRegisteredIdentity, canChangeSupervisionKeys, canEditEnterpriseProfile } from './policy'
import type { EnterpriseOwnProfileInput, EnterpriseProfileInput } from './schema'
import type { RequestContext } from '../../db.server'

function enterpriseIdOf(actor: Actor): string {
  if (actor.kind !== 'enterprise') throw notFound()
  return actor.enterpriseId
}

export interface EnterpriseProfile {
  id: string
  name: string
  creditCode: string
  industryCode: string
  industryName: string
  regionCode: string
  regionLabel: string
  address: string
  legalRepresentative: string
  principalName: string
  phone: string
  updatedAt: string
  supervisors: Record<ScopeType, DepartmentRef[]>
}

/** An enterprise's own profile, with the departments that supervise it. */
export async function getOwnEnterpriseProfile(ctx: RequestContext): Promise<EnterpriseProfile> {
  const { db, actor } = ctx
  return loadProfile(db, enterpriseIdOf(actor))
}

/** Reads an enterprise by id without scope checks: callers must have checked the actor's scope. */
export async function loadProfile(db: Kysely<Database>, enterpriseId: string): Promise<EnterpriseProfile> {
  const e = await db
    .selectFrom('enterprises')
    .innerJoin('industries', 'industries.code', 'enterprises.industry_code')
    .selectAll('enterprises')
    .select('industries.name as industryName')
    .where('enterprises.id', '=', enterpriseId)
    .executeTakeFirst()
  if (!e) throw notFound()
  const chain = await regionChain(db, e.region_code)
  const kinds = await db.selectFrom('industry_supervisors').select('department_kind').where('industry_code', '=', e.industry_code).execute()
  const departments = await db
    .selectFrom('departments')
    .select(['id', 'name', 'kind', 'region_code'])
    .where(
      'region_code',
      'in',
      chain.map((r) => r.code),
    )
    .orderBy('region_code')
    .execute()
  return {
    id: e.id,
    name: e.name,
    creditCode: e.credit_code,
    industryCode: e.industry_code,
    industryName: e.industryName,
    regionCode: e.region_code,
    regionLabel: [...chain]
      .reverse()
      .map((r) => r.name)
      .join(' / '),
    address: e.address,
    legalRepresentative: e.legal_representative,
    principalName: e.principal_name,
    phone: e.phone,
    updatedAt: new Date(e.updated_at).toISOString(),
    supervisors: resolveSupervisors(
      { regionChain: chain.map((r) => r.code), supervisorKinds: kinds.map((k) => k.department_kind) },
      departments.map((d) => ({ id: d.id, name: d.name, kind: d.kind, regionCode: d.region_code })),
    ),
  }
}

/** Checks that only the database can answer: the industry and region exist, the code is not taken. */
export async function checkEnterpriseReferences(
  db: Kysely<Database>,
  input: Pick<EnterpriseProfileInput, 'industryCode' | 'regionCode' | 'creditCode'>,
  exceptEnterpriseId: string | null,
): Promise<FieldErrors> {
  const errors: FieldErrors = {}
  const industry = await db.selectFrom('industries').select('code').where('code', '=', input.industryCode).executeTakeFirst()
  if (!industry) errors.industryCode = '请选择列表中的行业'
  const region = await db.selectFrom('regions').select('level').where('code', '=', input.regionCode).executeTakeFirst()
  if (!region || region.level < 3) errors.regionCode = '请选择县（市、区）或乡镇（街道）'
  let taken = db.selectFrom('enterprises').select('id').where('credit_code', '=', input.creditCode)
  if (exceptEnterpriseId) taken = taken.where('id', '!=', exceptEnterpriseId)
  if (await taken.executeTakeFirst()) errors.creditCode = '该统一社会信用代码已被其他企业使用'
  return errors
}

/** Creates an enterprise (the platform's 新建企业, in its transaction with the admin account). */
export async function insertEnterprise(db: Kysely<Database>, input: EnterpriseProfileInput) {
  return db.insertInto('enterprises').values(enterpriseColumns(input)).returning('id').executeTakeFirstOrThrow()
}

/** The profile form's fields as enterprise columns (for creating and for updating). */
export function enterpriseColumns(input: EnterpriseProfileInput) {
  return {
    name: input.name,
    credit_code: input.creditCode,
    industry_code: input.industryCode,
    region_code: input.regionCode,
    address: input.address,
    legal_representative: input.legalRepresentative,
    principal_name: input.principalName,
    phone: input.phone,
  }
}

export type UpdateResult = { ok: true } | { ok: false; fieldErrors: FieldErrors }

/**
 * Only the enterprise's own safety administrator edits its profile, and only what is its own to keep:
 * the address, the legal representative, the principal and the phone. 企业名称, 统一社会信用代码, 行业
 * and 所在地区 are not in its input (policy.ts: the platform changes them), and this writes none of
 * them, so a change the platform makes while the form is open is not undone by the save.
 */
export async function updateOwnEnterpriseProfile(ctx: RequestContext, input: EnterpriseOwnProfileInput): Promise<UpdateResult> {
  const { db, actor, client, now } = ctx
  const enterpriseId = enterpriseIdOf(actor)
  if (!canEditEnterpriseProfile(actor)) throw forbidden('无权修改企业信息')
  await db
    .updateTable('enterprises')
    .set({
      address: input.address,
      legal_representative: input.legalRepresentative,
      principal_name: input.principalName,
      phone: input.phone,
      updated_at: now,
    })
    .where('id', '=', enterpriseId)
    .execute()
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'enterprise.update', target: enterpriseId, result: 'ok', ...client })
  return { ok: true }
}

/** Writes a checked profile and records who changed it (and, where the platform did, what moved). */
async function saveProfile(ctx: RequestContext, enterpriseId: string, input: EnterpriseProfileInput, detail?: Record<string, unknown>) {
  const { db, actor, client, now } = ctx
  await db
    .updateTable('enterprises')
    .set({ ...enterpriseColumns(input), updated_at: now })
    .where('id', '=', enterpriseId)
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'enterprise.update',
    target: enterpriseId,
    result: 'ok',
    ...client,
    detail,
  })
}

/** The platform administrator opens any enterprise's profile to edit it. */
export async function getEnterpriseForPlatform(ctx: RequestContext, enterpriseId: string): Promise<EnterpriseProfile> {
  const { db, actor } = ctx
  if (!canChangeSupervisionKeys(actor)) throw forbidden()
  return loadProfile(db, enterpriseId)
}

/**
 * The platform administrator edits an enterprise's profile, 行业 and 所在地区 included (an enterprise that
 * moved, or was registered under the wrong industry): the change of its supervising departments is
 * recorded with what they were and what they became.
 */
export async function updateEnterpriseAsPlatform(
  ctx: RequestContext,
  enterpriseId: string,
  input: EnterpriseProfileInput,
): Promise<UpdateResult> {
  const { db, actor } = ctx
  if (!canChangeSupervisionKeys(actor) || !canChangeRegisteredIdentity(actor))
    throw forbidden('只有平台管理员可以变更企业的名称、统一社会信用代码、行业和所在地区')
  // locked: two saves at once record each change against the one it follows
  const before = await db
    .selectFrom('enterprises')
    .select(['industry_code', 'region_code', 'name', 'credit_code'])
    .where('id', '=', enterpriseId)
    .forUpdate()
    .executeTakeFirst()
  if (!before) throw notFound()
  const fieldErrors = await checkEnterpriseReferences(db, input, enterpriseId)
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  await saveProfile(ctx, enterpriseId, input, {
    before: { industryCode: before.industry_code, regionCode: before.region_code, name: before.name, creditCode: before.credit_code },
    after: { industryCode: input.industryCode, regionCode: input.regionCode, name: input.name, creditCode: input.creditCode },
  })
  return { ok: true }
}
