import { todayInShanghai } from '../../utils/dates'
import { notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { enterpriseAdmin, enterpriseStaff, ownEmployee } from '../auth/actor'
import {
  attachEvidence,
  checkEvidence,
  evidenceOf,
  evidenceOfKindsForRegulator,
  evidenceOfOwners,
  type UploadedFile,
} from '../evidence/evidence.server'
import { allEmployeesOf } from '../org/org.server'
import { industryOfEnterprise } from '../reference/reference.server'
import { scopeHolding } from '../reference/scope.server'
import {
  filingDeadline,
  filingState,
  nextPlanReview,
  REQUIREMENT_LABELS,
  requiredPeriods,
  requirementOf,
  requirementStatus,
  type DrillRequirement,
} from './rules'
import { DRILL_SLOTS, type DrillInput, type PlanInput } from './schema'
import type { RequestContext } from '../../db.server'

/** Plans, drills and where the enterprise stands against the required frequency. */
export async function drillOverview(ctx: RequestContext, today = todayInShanghai(ctx.now)) {
  return overviewOf(ctx.db, enterpriseStaff(ctx.actor), today)
}

async function overviewOf(db: RequestContext['db'], enterpriseId: string, today: string) {
  const industry = await industryOfEnterprise(db, enterpriseId)
  const plans = await db
    .selectFrom('emergency_plans')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('kind')
    .orderBy('title')
    .execute()
  const planFiles = await evidenceOfOwners(
    db,
    enterpriseId,
    'plan',
    plans.map((p) => p.id),
  )
  const drills = await db
    .selectFrom('drills as d')
    .innerJoin('emergency_plans as p', (j) => j.onRef('p.enterprise_id', '=', 'd.enterprise_id').onRef('p.id', '=', 'd.plan_id'))
    .select(['d.id', 'd.held_on', 'd.form', 'd.participants', 'd.summary', 'p.id as planId', 'p.title as planTitle', 'p.kind as planKind'])
    .where('d.enterprise_id', '=', enterpriseId)
    .orderBy('d.held_on', 'desc')
    .limit(500)
    .execute()
  const evidence = await evidenceOfOwners(
    db,
    enterpriseId,
    'drill',
    drills.map((d) => d.id),
  )
  const periods = requiredPeriods(industry.halfYearlyDrills)
  const requirements = (Object.keys(periods) as DrillRequirement[]).map((r) => ({
    ...requirementStatus(
      r,
      periods[r],
      drills.filter((d) => requirementOf(d.planKind) === r).map((d) => d.held_on),
      today,
    ),
    label: REQUIREMENT_LABELS[r],
  }))
  return {
    industry,
    requirements,
    plans: plans.map((p) => ({
      id: p.id,
      kind: p.kind,
      title: p.title,
      version: p.version,
      issuedOn: p.issued_on,
      filedOn: p.filed_on,
      filingDue: filingDeadline(p.issued_on),
      filing: filingState({ issuedOn: p.issued_on, filedOn: p.filed_on }, today),
      nextReview: nextPlanReview({ issuedOn: p.issued_on, reviewedOn: p.reviewed_on }),
      lastDrill: drills.find((d) => d.planId === p.id && d.held_on <= today)?.held_on ?? null,
      files: planFiles.filter((f) => f.owner_id === p.id).map((f) => ({ id: f.id, name: f.file_name })),
    })),
    drills: drills.map((d) => ({
      ...d,
      evidence: DRILL_SLOTS.filter((s) => s.required).map((s) => ({
        label: s.label,
        present: evidence.some((e) => e.owner_id === d.id && e.slot === s.slot),
      })),
    })),
  }
}

export async function createPlan(ctx: RequestContext, input: PlanInput, files: UploadedFile[] = []) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记预案和演练')
  const errors: Record<string, string> = {}
  const checked = checkEvidence(files, 'document')
  if (!checked.ok) errors.file = checked.message
  if (input.issuedOn > todayInShanghai(ctx.now)) errors.issuedOn = '发布日期不能晚于今天'
  if (input.filedOn && input.filedOn < input.issuedOn) errors.filedOn = '备案日期不能早于发布日期'
  if (input.reviewedOn && input.reviewedOn < input.issuedOn) errors.reviewedOn = '评估日期不能早于发布日期'
  if (Object.keys(errors).length) return { ok: false as const, fieldErrors: errors }
  const row = await db
    .insertInto('emergency_plans')
    .values({
      enterprise_id: enterpriseId,
      kind: input.kind,
      title: input.title,
      version: input.version,
      issued_on: input.issuedOn,
      filed_on: input.filedOn,
      reviewed_on: input.reviewedOn,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (files.length) {
    const attached = await attachEvidence(
      ctx,
      { kind: 'plan', id: row.id },
      files.map((f) => ({ ...f, slot: 'plan' })),
      'document',
    )
    if (!attached.ok) throw new Error(attached.message)
  }
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'plan.create', target: row.id, result: 'ok', ...client, at: ctx.now })
  return { ok: true as const, planId: row.id }
}

/** What is wrong with a drill's files, by slot: a required one missing, or a file that is not acceptable. */
export function drillFileErrors(files: (UploadedFile & { slot: string })[]): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const s of DRILL_SLOTS) if (s.required && !files.some((f) => f.slot === s.slot)) errors[s.slot] = `请上传${s.label}`
  for (const f of files) {
    const checked = checkEvidence([f])
    if (!checked.ok) errors[f.slot] ??= checked.message
  }
  return errors
}

/**
 * Records a drill with its evidence: the 演练方案, 演练脚本 and 评估报告 are required, photos optional.
 * Every file is checked before anything is written; then the drill and its files together.
 */
export async function recordDrill(ctx: RequestContext, input: DrillInput, files: (UploadedFile & { slot: string })[]) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记预案和演练')
  const errors: Record<string, string> = {}
  const plan = await db
    .selectFrom('emergency_plans')
    .select(['id', 'issued_on'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', input.planId)
    .executeTakeFirst()
  if (!plan) errors.planId = '请选择本企业的预案'
  if (input.heldOn > todayInShanghai(ctx.now)) errors.heldOn = '演练日期不能晚于今天'
  Object.assign(errors, drillFileErrors(files))
  if (Object.keys(errors).length) return { ok: false as const, fieldErrors: errors }
  const row = await db
    .insertInto('drills')
    .values({
      enterprise_id: enterpriseId,
      plan_id: input.planId,
      held_on: input.heldOn,
      form: input.form,
      participants: input.participants,
      summary: input.summary,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const attached = await attachEvidence(ctx, { kind: 'drill', id: row.id }, files)
  if (!attached.ok) throw new Error(attached.message)
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'drill.record',
    target: row.id,
    result: 'ok',
    ...client,
    detail: { files: files.length },
    at: ctx.now,
  })
  return { ok: true as const, drillId: row.id }
}

export async function getDrill(ctx: RequestContext, id: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const d = await db
    .selectFrom('drills as d')
    .innerJoin('emergency_plans as p', (j) => j.onRef('p.enterprise_id', '=', 'd.enterprise_id').onRef('p.id', '=', 'd.plan_id'))
    .select([
      'd.id',
      'd.held_on',
      'd.form',
      'd.participants',
      'd.summary',
      'p.title as planTitle',
      'p.kind as planKind',
      'p.version as planVersion',
    ])
    .where('d.enterprise_id', '=', enterpriseId)
    .where('d.id', '=', id)
    .executeTakeFirst()
  if (!d) throw notFound()
  const files = await evidenceOf(ctx, { kind: 'drill', id })
  return {
    ...d,
    files: files.map((f) => ({
      ...f,
      uploaded_at: new Date(f.uploaded_at).toISOString(),
      slotLabel: DRILL_SLOTS.find((s) => s.slot === f.slot)?.label ?? f.slot,
    })),
  }
}

/** The drill ledger (演练台账) rows for the .xlsx export. */
export async function drillLedgerRows(ctx: RequestContext) {
  const overview = await drillOverview(ctx)
  return overview.drills.map((d) => ({
    heldOn: d.held_on,
    plan: d.planTitle,
    kind: d.planKind,
    form: d.form,
    participants: d.participants,
    summary: d.summary,
    evidence: d.evidence.map((e) => `${e.label}${e.present ? '✓' : '缺'}`).join(' '),
  }))
}

// ---------------------------------------------------------------------------------------------
// 参演人员: who took part, the worker's own drills, and the regulator's read-only view

/** The admin names who took part in a drill (from the roster); a name already listed stays once. */
export async function addDrillParticipants(ctx: RequestContext, drillId: string, employeeIds: string[]) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记预案和演练')
  const d = await db
    .selectFrom('drills')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', drillId)
    .executeTakeFirst()
  if (!d) throw notFound()
  const ids = [...new Set(employeeIds)]
  if (!ids.length) return { ok: false as const, message: '请选择参演人员' }
  if (!(await allEmployeesOf(db, enterpriseId, ids))) return { ok: false as const, message: '参演人员须是本企业职工' }
  await db
    .insertInto('drill_participants')
    .values(
      ids.map((employee_id) => ({
        enterprise_id: enterpriseId,
        drill_id: drillId,
        employee_id,
        created_by: actor.userId,
        created_at: ctx.now,
      })),
    )
    .onConflict((oc) => oc.columns(['enterprise_id', 'drill_id', 'employee_id']).doNothing())
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'drill.participants_add',
    target: drillId,
    result: 'ok',
    ...client,
    detail: { count: ids.length },
    at: ctx.now,
  })
  return { ok: true as const }
}

/** The named participants of a drill (the enterprise's staff see them on the drill's page). */
export async function drillParticipants(ctx: RequestContext, drillId: string) {
  const { db } = ctx
  const enterpriseId = enterpriseStaff(ctx.actor)
  return db
    .selectFrom('drill_participants as p')
    .innerJoin('employees as e', (j) => j.onRef('e.enterprise_id', '=', 'p.enterprise_id').onRef('e.id', '=', 'p.employee_id'))
    .select(['e.id', 'e.name', 'e.employee_no as employeeNo'])
    .where('p.enterprise_id', '=', enterpriseId)
    .where('p.drill_id', '=', drillId)
    .orderBy('e.employee_no')
    .execute()
}

function myDrillsQuery(db: RequestContext['db'], enterpriseId: string, employeeId: string) {
  return db
    .selectFrom('drill_participants as m')
    .innerJoin('drills as d', (j) => j.onRef('d.enterprise_id', '=', 'm.enterprise_id').onRef('d.id', '=', 'm.drill_id'))
    .innerJoin('emergency_plans as p', (j) => j.onRef('p.enterprise_id', '=', 'd.enterprise_id').onRef('p.id', '=', 'd.plan_id'))
    .select(['d.id', 'd.held_on', 'd.form', 'd.participants', 'd.summary', 'p.title as planTitle', 'p.kind as planKind'])
    .where('m.enterprise_id', '=', enterpriseId)
    .where('m.employee_id', '=', employeeId)
}

/** The drills the signed-in worker took part in, latest first. */
export async function myDrills(ctx: RequestContext) {
  const { enterpriseId, employeeId } = ownEmployee(ctx.actor)
  return myDrillsQuery(ctx.db, enterpriseId, employeeId).orderBy('d.held_on', 'desc').limit(100).execute()
}

/** One drill the worker took part in (read-only; the evidence files stay with the enterprise's staff). */
export async function myDrill(ctx: RequestContext, drillId: string) {
  const { enterpriseId, employeeId } = ownEmployee(ctx.actor)
  const d = await myDrillsQuery(ctx.db, enterpriseId, employeeId).where('d.id', '=', drillId).executeTakeFirst()
  if (!d) throw notFound()
  return d
}

/**
 * 一企一档, plans and drills of an enterprise in the regulator's scope, read-only, with their files
 * (the plan documents; 演练方案、脚本、评估报告 and photos). Out of scope is 404; the caller logs the read.
 */
export async function drillsForRegulator(ctx: RequestContext, enterpriseId: string, today = todayInShanghai(ctx.now)) {
  await scopeHolding(ctx, enterpriseId)
  const o = await overviewOf(ctx.db, enterpriseId, today)
  const files = await evidenceOfKindsForRegulator(ctx, enterpriseId, ['plan', 'drill'])
  const filesOf = (kind: string, id: string) =>
    files
      .filter((f) => f.owner_kind === kind && f.owner_id === id)
      .map((f) => ({
        id: f.id,
        name: f.file_name,
        size: f.size,
        slotLabel: kind === 'drill' ? (DRILL_SLOTS.find((s) => s.slot === f.slot)?.label ?? f.slot) : '预案文本',
      }))
  return {
    requirements: o.requirements,
    plans: o.plans.map((p) => ({ ...p, files: filesOf('plan', p.id) })),
    drills: o.drills.map((d) => ({ ...d, files: filesOf('drill', d.id) })),
  }
}

/**
 * Drills between two days an employee took part in (参演人员): what the 履职记录 and the 考核 evidence
 * (app/modules/dutylogs) show. The caller decides who may see them.
 */
export async function drillsAttendedBetween(ctx: RequestContext, employeeId: string, from: string, to: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  return db
    .selectFrom('drill_participants as dp')
    .innerJoin('drills as d', (j) => j.onRef('d.enterprise_id', '=', 'dp.enterprise_id').onRef('d.id', '=', 'dp.drill_id'))
    .innerJoin('emergency_plans as p', (j) => j.onRef('p.enterprise_id', '=', 'd.enterprise_id').onRef('p.id', '=', 'd.plan_id'))
    .select(['d.id', 'd.held_on as day', 'd.form', 'd.participants', 'p.title as planTitle'])
    .where('dp.enterprise_id', '=', actor.enterpriseId)
    .where('dp.employee_id', '=', employeeId)
    .where('d.held_on', '>=', from)
    .where('d.held_on', '<=', to)
    .orderBy('d.held_on')
    .execute()
}
