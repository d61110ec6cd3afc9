import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { forbidden, notFound } from '../../utils/http'
import type { Result } from '../../utils/result'
import { enterpriseAdmin } from '../auth/actor'
import { canManagePosts, canReadOrg } from './policy'
import { maskIdCard } from './rules'
import { employeeRules, type EmployeeInput, type OrgUnitInput, type PostInput } from './schema'
import { todayInShanghai } from '../../utils/dates'
import { checkRequirements } from '../reference/catalogue.server'
import type { RequestContext } from '../../db.server'

/** The signed-in person's own employee record and current posts. */
export async function getMyProfile(ctx: RequestContext, today: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const enterprise = await db.selectFrom('enterprises').select(['name']).where('id', '=', actor.enterpriseId).executeTakeFirstOrThrow()
  if (!actor.employeeId) return { enterpriseName: enterprise.name, employee: null, posts: [] }
  const employee = await db
    .selectFrom('employees')
    .select(['id', 'name', 'employee_no', 'phone', 'employment_type', 'hired_on', 'id_card'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', actor.employeeId)
    .executeTakeFirst()
  if (!employee) throw notFound()
  const posts = await db
    .selectFrom('assignments as a')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.org_unit_id'))
    .select([
      'a.id',
      'p.id as postId',
      'p.name as postName',
      'p.tier',
      'p.is_safety_manager',
      'u.name as unitName',
      'a.start_on',
      'a.end_on',
    ])
    .where('a.enterprise_id', '=', actor.enterpriseId)
    .where('a.employee_id', '=', actor.employeeId)
    .orderBy(sql`a.end_on is null`, 'desc')
    .orderBy('a.start_on', 'desc')
    .execute()
  return {
    enterpriseName: enterprise.name,
    employee: {
      name: employee.name,
      employeeNo: employee.employee_no,
      phone: employee.phone,
      employmentType: employee.employment_type,
      hiredOn: employee.hired_on,
      idCardMasked: maskIdCard(employee.id_card),
    },
    posts: posts.map((p) => ({
      id: p.id,
      postId: p.postId,
      postName: p.postName,
      tier: p.tier,
      isSafetyManager: p.is_safety_manager,
      unitName: p.unitName,
      startOn: p.start_on,
      endOn: p.end_on,
      current: p.end_on === null || p.end_on >= today,
    })),
  }
}

/** Head-count figures of the enterprise's home page. */
export async function getOrgSummary(ctx: RequestContext) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const e = actor.enterpriseId
  const [units, posts, employees, tiers] = await Promise.all([
    db
      .selectFrom('org_units')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('enterprise_id', '=', e)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('posts')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('enterprise_id', '=', e)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('employees')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('enterprise_id', '=', e)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('posts')
      .select(['tier', sql<number>`count(*)::int`.as('n')])
      .where('enterprise_id', '=', e)
      .groupBy('tier')
      .orderBy('tier')
      .execute(),
  ])
  return { units: units.n, posts: posts.n, employees: employees.n, postsByTier: tiers }
}

/** Units and posts of one enterprise as plain nodes, for the approval chain and the tree views. */
export async function loadOrgGraph(db: Kysely<Database>, enterpriseId: string) {
  const [units, posts] = await Promise.all([
    db
      .selectFrom('org_units')
      .select(['id', 'parent_id', 'supervisor_post_id', 'name', 'kind', 'sort'])
      .where('enterprise_id', '=', enterpriseId)
      .orderBy('sort')
      .execute(),
    db
      .selectFrom('posts')
      .select(['id', 'name', 'org_unit_id', 'tier', 'is_unit_head', 'is_safety_manager', 'in_charge_of_safety'])
      .where('enterprise_id', '=', enterpriseId)
      .where('archived_at', 'is', null)
      .execute(),
  ])
  return {
    units: units.map((u) => ({ id: u.id, parentId: u.parent_id, supervisorPostId: u.supervisor_post_id, name: u.name, kind: u.kind })),
    posts: posts.map((p) => ({
      id: p.id,
      name: p.name,
      unitId: p.org_unit_id,
      tier: p.tier,
      isUnitHead: p.is_unit_head,
      isSafetyManager: p.is_safety_manager,
      inChargeOfSafety: p.in_charge_of_safety,
    })),
  }
}

/** The people holding a post on a day, with their enterprise_head account if they have one. */
export async function currentHolders(db: Kysely<Database>, enterpriseId: string, postIds: string[], today: string) {
  if (!postIds.length) return []
  return db
    .selectFrom('assignments as a')
    .innerJoin('employees as e', (j) => j.onRef('e.enterprise_id', '=', 'a.enterprise_id').onRef('e.id', '=', 'a.employee_id'))
    .leftJoin('users as u', (j) =>
      j.onRef('u.enterprise_id', '=', 'a.enterprise_id').onRef('u.employee_id', '=', 'a.employee_id').on('u.role', '=', 'enterprise_head'),
    )
    .select(['a.post_id as postId', 'e.id as employeeId', 'e.name', 'u.id as headUserId'])
    .where('a.enterprise_id', '=', enterpriseId)
    .where('a.post_id', 'in', postIds)
    .where('a.start_on', '<=', today)
    .where((eb) => eb.or([eb('a.end_on', 'is', null), eb('a.end_on', '>=', today)]))
    .orderBy('e.name')
    .execute()
}

/** The posts an employee holds on a day. */
export async function postsHeldBy(db: Kysely<Database>, enterpriseId: string, employeeId: string, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('assignments')
    .select('post_id')
    .where('enterprise_id', '=', enterpriseId)
    .where('employee_id', '=', employeeId)
    .where('start_on', '<=', today)
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>=', today)]))
    .execute()
  return rows.map((r) => r.post_id)
}

/** A unit's path from the top, e.g. 合成车间 / 加氢工段 / 加氢一班 (the company itself left out). */
export function unitPath(units: { id: string; parentId: string | null; name: string }[], unitId: string): string {
  const byId = new Map(units.map((u) => [u.id, u]))
  const names: string[] = []
  for (let u = byId.get(unitId); u && names.length < 20; u = u.parentId ? byId.get(u.parentId) : undefined) {
    if (u.parentId) names.unshift(u.name)
  }
  return names.join(' / ') || (byId.get(unitId)?.name ?? '')
}

/** Org units of the actor's enterprise with their paths, for selects and the tree. */
export async function listOrgUnits(ctx: RequestContext) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const graph = await loadOrgGraph(db, actor.enterpriseId)
  return graph.units.map((u) => ({
    id: u.id,
    name: u.name,
    kind: u.kind,
    path: unitPath(graph.units, u.id),
    depth: depthOf(graph.units, u.id),
  }))
}

function depthOf(units: { id: string; parentId: string | null }[], id: string): number {
  const byId = new Map(units.map((u) => [u.id, u]))
  let depth = 0
  for (let u = byId.get(id); u?.parentId && depth < 20; u = byId.get(u.parentId)) depth++
  return depth
}

export async function createPost(
  ctx: RequestContext,
  input: PostInput,
): Promise<{ ok: true; postId: string } | { ok: false; fieldErrors: Record<string, string> }> {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  if (!canManagePosts(actor)) throw forbidden('只有企业安全管理员可以维护岗位')
  const unit = await db
    .selectFrom('org_units')
    .select('id')
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', input.unitId)
    .executeTakeFirst()
  if (!unit) return { ok: false, fieldErrors: { unitId: '请选择本企业的部门' } }
  const taken = await db
    .selectFrom('posts')
    .select('id')
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('org_unit_id', '=', input.unitId)
    .where('name', '=', input.name)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  if (taken) return { ok: false, fieldErrors: { name: '该部门下已有同名岗位' } }
  if (input.inChargeOfSafety && input.tier !== 2)
    return { ok: false, fieldErrors: { inChargeOfSafety: '“分管安全”只适用于第2级其他负责人' } }
  const required = await checkRequirements(db, input.requiredCertificates)
  if (!required.ok) return { ok: false, fieldErrors: required.fieldErrors }
  const row = await db
    .insertInto('posts')
    .values({
      enterprise_id: actor.enterpriseId,
      org_unit_id: input.unitId,
      name: input.name,
      tier: input.tier,
      is_safety_manager: input.isSafetyManager,
      in_charge_of_safety: input.inChargeOfSafety,
      is_unit_head: input.isUnitHead,
      required_certificates: required.names,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { ok: true, postId: row.id }
}

async function checkSupervisor(db: Kysely<Database>, enterpriseId: string, postId: string | null): Promise<string | null> {
  if (!postId) return null
  const p = await db
    .selectFrom('posts')
    .select('tier')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', postId)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  if (!p) return '请选择本企业的岗位'
  if (p.tier !== 2) return '分管负责人应为第2级（其他负责人）岗位'
  return null
}

export async function createOrgUnit(ctx: RequestContext, input: OrgUnitInput): Promise<Result<{ unitId: string }>> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护组织机构和人员')
  const parent = await db
    .selectFrom('org_units')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', input.parentId)
    .executeTakeFirst()
  const errors: Record<string, string> = {}
  if (!parent) errors.parentId = '请选择本企业的上级机构'
  const supervisorProblem = await checkSupervisor(db, enterpriseId, input.supervisorPostId)
  if (supervisorProblem) errors.supervisorPostId = supervisorProblem
  const sibling = await db
    .selectFrom('org_units')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('parent_id', '=', input.parentId)
    .where('name', '=', input.name)
    .executeTakeFirst()
  if (sibling) errors.name = '同一上级下已有同名机构'
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors }
  const { max } = await db
    .selectFrom('org_units')
    .select(sql<number>`coalesce(max(sort), 0)::int`.as('max'))
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  const row = await db
    .insertInto('org_units')
    .values({
      enterprise_id: enterpriseId,
      parent_id: input.parentId,
      name: input.name,
      kind: input.kind,
      supervisor_post_id: input.supervisorPostId,
      sort: max + 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { ok: true, unitId: row.id }
}

/** Renames a unit, moves it (never under itself) or changes its 分管负责人. */
export async function updateOrgUnit(ctx: RequestContext, unitId: string, input: OrgUnitInput): Promise<Result> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护组织机构和人员')
  const graph = await loadOrgGraph(db, enterpriseId)
  const unit = graph.units.find((u) => u.id === unitId)
  if (!unit) throw notFound()
  const errors: Record<string, string> = {}
  if (!unit.parentId) errors.parentId = '企业本身是组织机构的根，不能移动'
  const byId = new Map(graph.units.map((u) => [u.id, u]))
  for (let u = byId.get(input.parentId); u; u = u.parentId ? byId.get(u.parentId) : undefined) {
    if (u.id === unitId) {
      errors.parentId = '不能把机构移到它自己或它的下级之下'
      break
    }
  }
  if (!byId.has(input.parentId)) errors.parentId = '请选择本企业的上级机构'
  const supervisorProblem = await checkSupervisor(db, enterpriseId, input.supervisorPostId)
  if (supervisorProblem) errors.supervisorPostId = supervisorProblem
  if (graph.units.some((u) => u.id !== unitId && u.parentId === input.parentId && u.name === input.name))
    errors.name = '同一上级下已有同名机构'
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors }
  await db
    .updateTable('org_units')
    .set({ name: input.name, kind: input.kind, parent_id: input.parentId, supervisor_post_id: input.supervisorPostId })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', unitId)
    .execute()
  return { ok: true }
}

/** The org tree page: units in order with their 分管负责人 and head counts. */
export async function getOrgTree(ctx: RequestContext) {
  const { db, actor } = ctx
  if (!canReadOrg(actor)) throw forbidden()
  const graph = await loadOrgGraph(db, actor.enterpriseId)
  const counts = await db
    .selectFrom('posts')
    .select(['org_unit_id', sql<number>`count(*)::int`.as('n')])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('archived_at', 'is', null)
    .groupBy('org_unit_id')
    .execute()
  const postName = new Map(graph.posts.map((p) => [p.id, p.name]))
  const children = new Map<string | null, typeof graph.units>()
  for (const u of graph.units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u])
  const ordered: {
    id: string
    name: string
    kind: string
    depth: number
    parentId: string | null
    supervisorPostId: string | null
    supervisorName: string | null
    posts: number
    heads: string[]
  }[] = []
  const walk = (parentId: string | null, depth: number) => {
    for (const u of children.get(parentId) ?? []) {
      ordered.push({
        id: u.id,
        name: u.name,
        kind: u.kind,
        depth,
        parentId: u.parentId,
        supervisorPostId: u.supervisorPostId,
        supervisorName: u.supervisorPostId ? (postName.get(u.supervisorPostId) ?? null) : null,
        posts: counts.find((c) => c.org_unit_id === u.id)?.n ?? 0,
        heads: graph.posts.filter((p) => p.unitId === u.id && p.isUnitHead).map((p) => p.name),
      })
      walk(u.id, depth + 1)
    }
  }
  walk(null, 0)
  return { units: ordered, deputies: graph.posts.filter((p) => p.tier === 2).map((p) => ({ id: p.id, name: p.name })) }
}

// ---------------------------------------------------------------------------------------------
// Employees and assignments

async function employeeConflicts(db: Kysely<Database>, enterpriseId: string, input: EmployeeInput, exceptId: string | null) {
  const errors: Record<string, string> = {}
  let q = db
    .selectFrom('employees')
    .select(['id', 'employee_no', 'phone'])
    .where('enterprise_id', '=', enterpriseId)
    .where((eb) => eb.or([eb('employee_no', '=', input.employeeNo), eb('phone', '=', input.phone)]))
  if (exceptId) q = q.where('id', '!=', exceptId)
  for (const e of await q.execute()) {
    if (e.employee_no === input.employeeNo) errors.employeeNo = '该工号已被本企业其他职工使用'
    if (e.phone === input.phone) errors.phone = '该手机号已被本企业其他职工使用'
  }
  return errors
}

export async function createEmployee(ctx: RequestContext, input: EmployeeInput): Promise<Result<{ employeeId: string }>> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护组织机构和人员')
  const errors = await employeeConflicts(db, enterpriseId, input, null)
  Object.assign(errors, employeeRules(input, todayInShanghai(ctx.now)))
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors }
  const row = await db
    .insertInto('employees')
    .values({
      enterprise_id: enterpriseId,
      name: input.name,
      employee_no: input.employeeNo,
      phone: input.phone,
      employment_type: input.employmentType,
      hired_on: input.hiredOn,
      id_card: input.idCard,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { ok: true, employeeId: row.id }
}

export async function updateEmployee(ctx: RequestContext, employeeId: string, input: EmployeeInput): Promise<Result> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护组织机构和人员')
  await getEmployee(ctx, employeeId)
  const errors = await employeeConflicts(db, enterpriseId, input, employeeId)
  Object.assign(errors, employeeRules(input, todayInShanghai(ctx.now)))
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors }
  await db
    .updateTable('employees')
    // a blank ID number keeps the one on file (the form never shows it unmasked)
    .set({
      name: input.name,
      employee_no: input.employeeNo,
      phone: input.phone,
      employment_type: input.employmentType,
      hired_on: input.hiredOn,
      ...(input.idCard ? { id_card: input.idCard } : {}),
    })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', employeeId)
    .execute()
  return { ok: true }
}

/** One employee with every assignment; the ID number masked unless asked for by the admin. */
export async function getEmployee(ctx: RequestContext, employeeId: string) {
  const { db, actor } = ctx
  if (!canReadOrg(actor)) throw forbidden()
  const e = await db
    .selectFrom('employees')
    .selectAll()
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', employeeId)
    .executeTakeFirst()
  if (!e) throw notFound()
  const assignments = await db
    .selectFrom('assignments as a')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.org_unit_id'))
    .select(['a.id', 'a.start_on', 'a.end_on', 'p.id as postId', 'p.name as postName', 'p.tier', 'u.name as unitName'])
    .where('a.enterprise_id', '=', actor.enterpriseId)
    .where('a.employee_id', '=', employeeId)
    .orderBy('a.start_on', 'desc')
    .execute()
  return {
    id: e.id,
    name: e.name,
    employeeNo: e.employee_no,
    phone: e.phone,
    employmentType: e.employment_type,
    hiredOn: e.hired_on,
    idCard: e.id_card,
    idCardMasked: maskIdCard(e.id_card),
    assignments,
  }
}

export async function assignPost(ctx: RequestContext, employeeId: string, postId: string, startOn: string): Promise<Result> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护组织机构和人员')
  const employee = await getEmployee(ctx, employeeId)
  const post = await db
    .selectFrom('posts')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', postId)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  if (!post) return { ok: false, fieldErrors: { postId: '请选择本企业的岗位' } }
  if (startOn < employee.hiredOn) return { ok: false, fieldErrors: { startOn: '任职日期不能早于入职日期' } }
  if (employee.assignments.some((a) => a.postId === postId && (a.end_on === null || a.end_on >= startOn))) {
    return { ok: false, fieldErrors: { postId: '该职工已在此岗位任职' } }
  }
  await db
    .insertInto('assignments')
    .values({ enterprise_id: enterpriseId, employee_id: employeeId, post_id: postId, start_on: startOn })
    .execute()
  return { ok: true }
}

/** Ends an assignment (离岗/转岗); the record stays as history. */
export async function endAssignment(ctx: RequestContext, employeeId: string, assignmentId: string, endOn: string): Promise<Result> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护组织机构和人员')
  const a = await db
    .selectFrom('assignments')
    .select(['start_on', 'end_on'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', assignmentId)
    .where('employee_id', '=', employeeId)
    .executeTakeFirst()
  if (!a) throw notFound()
  if (a.end_on) return { ok: false, fieldErrors: { endOn: '该任职已经结束' } }
  if (endOn < a.start_on) return { ok: false, fieldErrors: { endOn: '离岗日期不能早于任职日期' } }
  await db
    .updateTable('assignments')
    .set({ end_on: endOn })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', assignmentId)
    .execute()
  return { ok: true }
}

/** Posts to pick from, labelled with their unit. */
export async function listPostOptions(ctx: RequestContext) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const graph = await loadOrgGraph(db, actor.enterpriseId)
  return graph.posts
    .map((p) => ({ id: p.id, label: `${unitPath(graph.units, p.unitId)} · ${p.name}` }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh'))
}

/** Renames a post or changes its tier, flags and certificates; its lists and their history stay. */
export async function updatePost(ctx: RequestContext, postId: string, input: PostInput): Promise<Result> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护组织机构和人员')
  const post = await db
    .selectFrom('posts')
    .select(['id', 'required_certificates'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', postId)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  if (!post) throw notFound()
  const unit = await db
    .selectFrom('org_units')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', input.unitId)
    .executeTakeFirst()
  if (!unit) return { ok: false, fieldErrors: { unitId: '请选择本企业的部门' } }
  const taken = await db
    .selectFrom('posts')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('org_unit_id', '=', input.unitId)
    .where('name', '=', input.name)
    .where('id', '!=', postId)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
  if (taken) return { ok: false, fieldErrors: { name: '该部门下已有同名岗位' } }
  if (input.inChargeOfSafety && input.tier !== 2)
    return { ok: false, fieldErrors: { inChargeOfSafety: '“分管安全”只适用于第2级其他负责人' } }
  const required = await checkRequirements(db, input.requiredCertificates, post.required_certificates)
  if (!required.ok) return { ok: false, fieldErrors: required.fieldErrors }
  await db
    .updateTable('posts')
    .set({
      org_unit_id: input.unitId,
      name: input.name,
      tier: input.tier,
      is_safety_manager: input.isSafetyManager,
      in_charge_of_safety: input.inChargeOfSafety,
      is_unit_head: input.isUnitHead,
      required_certificates: required.names,
    })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', postId)
    .execute()
  return { ok: true }
}

/**
 * Who holds which post on a day: the assignments taken up by then and not yet left, on posts not
 * archived, with the post's attributes and no names — for figures that count, which need not hash the
 * employees and units (every assignment has both) as currentAssignmentsQuery does for its names.
 */
export function currentHoldingsQuery(db: Kysely<Database>, enterpriseId: string, today: string) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
    .select([
      'a.enterprise_id',
      'a.id as assignment_id',
      'a.employee_id',
      'a.post_id',
      'a.start_on',
      'p.tier',
      'p.is_safety_manager',
      'p.in_charge_of_safety',
      'p.org_unit_id as unit_id',
    ])
    .where('a.enterprise_id', '=', enterpriseId)
    .where('p.archived_at', 'is', null)
    .where('a.start_on', '<=', today)
    .where((eb) => eb.or([eb('a.end_on', 'is', null), eb('a.end_on', '>=', today)]))
}

/**
 * Current assignments of an enterprise on a day with their post's deadline attributes and the names,
 * as a subquery other modules compose in SQL (the confirmation overview joins it at city scale).
 */
export function currentAssignmentsQuery(db: Kysely<Database>, enterpriseId: string, today: string) {
  return currentHoldingsQuery(db, enterpriseId, today)
    .innerJoin('employees as e', (j) => j.onRef('e.enterprise_id', '=', 'a.enterprise_id').onRef('e.id', '=', 'a.employee_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.org_unit_id'))
    .select(['p.name as post_name', 'u.name as unit_name', 'e.name as employee_name', 'e.employee_no', 'e.phone'])
}

/** Employees of a unit and every unit below it who hold a post there today. */
export async function employeesInUnit(ctx: RequestContext, unitId: string, today: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const graph = await loadOrgGraph(db, actor.enterpriseId)
  if (!graph.units.some((u) => u.id === unitId)) throw notFound()
  const under = new Set<string>([unitId])
  let grew = true
  while (grew) {
    grew = false
    for (const u of graph.units) {
      if (u.parentId && under.has(u.parentId) && !under.has(u.id)) {
        under.add(u.id)
        grew = true
      }
    }
  }
  const rows = await currentAssignmentsQuery(db, actor.enterpriseId, today)
    .where('p.org_unit_id', 'in', [...under])
    .orderBy('u.name')
    .orderBy('e.employee_no')
    .execute()
  const seen = new Map<string, { employeeId: string; name: string; employeeNo: string; phone: string; unitName: string; posts: string[] }>()
  for (const r of rows) {
    const e = seen.get(r.employee_id) ?? {
      employeeId: r.employee_id,
      name: r.employee_name,
      employeeNo: r.employee_no,
      phone: r.phone,
      unitName: r.unit_name,
      posts: [],
    }
    e.posts.push(r.post_name)
    seen.set(r.employee_id, e)
  }
  return { unitName: graph.units.find((u) => u.id === unitId)!.name, employees: [...seen.values()] }
}

/** The posts the signed-in person holds today, with their tier (e.g. to know who is 主要负责人). */
export async function myCurrentPosts(ctx: RequestContext, today: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) return []
  const rows = await currentAssignmentsQuery(db, actor.enterpriseId, today).where('a.employee_id', '=', actor.employeeId).execute()
  return rows.map((r) => ({ postId: r.post_id, postName: r.post_name, tier: r.tier }))
}

/** Whether every one of these ids is an employee of the enterprise (attendance, drill participants). */
export async function allEmployeesOf(db: Kysely<Database>, enterpriseId: string, ids: string[]): Promise<boolean> {
  const unique = [...new Set(ids)]
  if (!unique.length) return true
  if (unique.some((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))) return false
  const known = await db.selectFrom('employees').select('id').where('enterprise_id', '=', enterpriseId).where('id', 'in', unique).execute()
  return known.length === unique.length
}

/** The account of an employee (their user id and name), if they have one: whose signatures are theirs. */
export async function accountOf(db: Kysely<Database>, enterpriseId: string, employeeId: string) {
  return (
    (await db
      .selectFrom('users')
      .select(['id', 'role', 'display_name'])
      .where('enterprise_id', '=', enterpriseId)
      .where('employee_id', '=', employeeId)
      .executeTakeFirst()) ?? null
  )
}

/** A post as another module's checked import creates it (duties' posts import); org owns the table. */
export async function insertPost(
  db: Kysely<Database>,
  enterpriseId: string,
  p: { unitId: string; name: string; tier: number; isSafetyManager: boolean; isUnitHead: boolean; inChargeOfSafety: boolean },
): Promise<string> {
  const row = await db
    .insertInto('posts')
    .values({
      enterprise_id: enterpriseId,
      org_unit_id: p.unitId,
      name: p.name,
      tier: p.tier,
      is_safety_manager: p.isSafetyManager,
      is_unit_head: p.isUnitHead,
      in_charge_of_safety: p.inChargeOfSafety,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Replaces a post's required certificates (training resolves a retired certificate name to a catalogue one). */
export async function setRequiredCertificates(db: Kysely<Database>, enterpriseId: string, postId: string, names: string[]) {
  await db
    .updateTable('posts')
    .set({ required_certificates: names })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', postId)
    .execute()
}
