import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { Database, HazardGrade, HazardStatus } from '../../../db/types'
import { MAJOR_HAZARD_STANDARDS } from '../../../seeds/dual-prevention'
import type { RequestContext } from '../../db.server'
import { todayInShanghai } from '../../utils/dates'
import { fieldErrorsOf, type FieldErrors } from '../../utils/form'
import { isUuid } from '../../utils/ids'
import { forbidden, notFound } from '../../utils/http'
import { containsPattern, type Page } from '../../utils/table-params'
import { recordAudit } from '../audit/audit.server'
import { enterpriseAdmin, type Actor } from '../auth/actor'
import {
  attachEvidence,
  checkEvidence,
  evidenceForRegulator,
  evidenceOf,
  openEvidenceAsRegulator,
  type UploadedFile,
} from '../evidence/evidence.server'
import { logRegulatorRead } from '../audit/regulator-reads.server'
import { inScope, isInScope, regulatorScope } from '../reference/scope.server'
import { departmentShortName } from '../reference/rules'
import { orderItemOfHazard } from './orders.server'
import {
  canDirectMajorHazard,
  canOpenOrderHazards,
  canReadHazardRegister,
  canReportHazard,
  canSeeHazard,
  canSeeHazardPhotos,
  canTakeStep,
  photoRequiredToReport,
  reportedHazardSource,
  type HazardActor,
  type HazardParties,
} from './policy'
import {
  isHazardOverdue,
  nextStatus,
  orderDeadlineProblem,
  PLAN_PARTS,
  RISK_PLAN_EVIDENCE,
  STATUS_LABELS,
  stepRefusal,
  supervisionNumber,
  type HazardStep,
} from './rules'
import {
  assignSchema,
  hazardReportSchema,
  planSchema,
  rectifySchema,
  resumeSchema,
  reviewSchema,
  superviseSchema,
  verifySchema,
  type HazardListQuery,
} from './schema'

// 隐患排查治理 (原国家安全监管总局令第16号 §10–§23): any person of the enterprise reports a hazard
// with photos; the admin grades it and names who rectifies it, with measures, deadline and funds.
// 一般: 整改 → 验收 by another person → 销号. 重大: reported to the department at once (it appears in
// the department's list), 治理方案, 评估 and the request to resume, the department's 核销 — and the
// department may 挂牌督办 it. Every step locks the hazard row, checks the state machine (rules.ts) and
// who may (policy.ts), then appends one signed history row (numbered per hazard: unique).

type DB = Kysely<Database>
export type StepResult = { ok: true } | { ok: false; fieldErrors: FieldErrors }

const REPORT_PHOTOS = 'hazard-report'
const RECTIFY_PHOTOS = 'hazard-rectify'

function enterpriseOf(actor: Actor): string {
  if (actor.kind !== 'enterprise') throw notFound()
  return actor.enterpriseId
}

function hazardActor(actor: Actor): HazardActor {
  return { role: actor.role, userId: actor.userId, departmentId: actor.kind === 'regulator' ? actor.departmentId : null }
}

/** A worker reports from the phone; an admin or head records a hazard found in 自查. Photos through the one evidence upload. */
export async function reportHazard(
  ctx: RequestContext,
  input: { place: string; description: string; reportKey?: string },
  photos: UploadedFile[],
): Promise<{ ok: true; hazardId: string; no: number } | { ok: false; fieldErrors: FieldErrors }> {
  const { actor } = ctx
  const enterpriseId = enterpriseOf(actor)
  const may = canReportHazard(actor.role)
  if (!may.ok) throw forbidden(may.message)
  const parsed = hazardReportSchema.safeParse({ place: input.place, description: input.description })
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error)
  if (photoRequiredToReport(actor.role) && !photos.length) errors.photos = '请拍摄或选择至少一张隐患照片'
  if (photos.length) {
    const checked = checkEvidence(photos, 'photo')
    if (!checked.ok) errors.photos = checked.message
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, fieldErrors: errors }

  const hazard = await insertHazard(
    ctx,
    enterpriseId,
    {
      source: reportedHazardSource(actor.role),
      place: parsed.data.place,
      description: parsed.data.description,
      reportKey: isUuid(input.reportKey) ? input.reportKey : null,
    },
    photos,
  )
  return { ok: true, hazardId: hazard.id, no: hazard.no }
}

/**
 * One new hazard with its signed 报告 step and photos. Numbers run per enterprise; the advisory lock
 * keeps two reports from drawing the same one.
 */
async function insertHazard(
  ctx: RequestContext,
  enterpriseId: string,
  input: {
    source: 'self' | 'worker' | 'check'
    place: string
    description: string
    reportKey: string | null
    detail?: Record<string, unknown>
  },
  photos: UploadedFile[],
): Promise<{ id: string; no: number }> {
  const { db, actor, client, now } = ctx
  await sql`select pg_advisory_xact_lock(hashtext(${`hazard-no:${enterpriseId}`}))`.execute(db)
  // the same form sent twice (a double tap, a retry) is the same report: answered with the first
  const reportKey = input.reportKey
  if (reportKey) {
    const earlier = await db
      .selectFrom('hazards')
      .select(['id', 'no'])
      .where('enterprise_id', '=', enterpriseId)
      .where('report_key', '=', reportKey)
      .where('found_by_user_id', '=', actor.userId)
      .executeTakeFirst()
    if (earlier) return earlier
  }
  const { max } = await db
    .selectFrom('hazards')
    .select(sql<number>`coalesce(max(no), 0)::int`.as('max'))
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  const hazard = await db
    .insertInto('hazards')
    .values({
      enterprise_id: enterpriseId,
      no: max + 1,
      source: input.source,
      place: input.place,
      description: input.description,
      found_by_user_id: actor.userId,
      found_by_name: actor.displayName,
      found_at: now,
      report_key: reportKey,
      status: 'reported',
      updated_at: now,
    })
    .returning(['id', 'no'])
    .executeTakeFirstOrThrow()
  await db
    .insertInto('hazard_events')
    .values({
      enterprise_id: enterpriseId,
      hazard_id: hazard.id,
      seq: 1,
      step: 'report',
      from_status: null,
      to_status: 'reported',
      detail: JSON.stringify(input.detail ?? {}),
      at: now,
    })
    .execute()
  if (photos.length) {
    const attached = await attachEvidence(
      ctx,
      { kind: REPORT_PHOTOS, id: hazard.id },
      photos.map((p) => ({ ...p, slot: 'photo' })),
      'photo',
    )
    if (!attached.ok) throw new Error(attached.message)
  }
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'hazard.report', target: hazard.id, result: 'ok', ...client })
  return hazard
}

/**
 * A 隐患 found by an item of a check (隐患排查, source 排查任务): recorded in the caller's transaction, so
 * the check and its hazards are written together or not at all. The checks module calls this after it
 * has checked the place, the description and the photos (checkHazardPhotos); who may do the check is
 * its policy's decision, and the database signs the 报告 step with the acting user.
 */
export async function recordHazardFromCheck(
  ctx: RequestContext,
  input: { place: string; description: string; checkId: string; planName: string; period: string },
  photos: UploadedFile[],
): Promise<{ hazardId: string; no: number }> {
  const enterpriseId = enterpriseOf(ctx.actor)
  const may = canReportHazard(ctx.actor.role)
  if (!may.ok) throw forbidden(may.message)
  const parsed = hazardReportSchema.safeParse({ place: input.place, description: input.description })
  if (!parsed.success) throw new Error('a check hazard is described before it is recorded')
  const checked = checkHazardPhotos(photos)
  if (checked) throw new Error(checked)
  const hazard = await insertHazard(
    ctx,
    enterpriseId,
    {
      source: 'check',
      place: parsed.data.place,
      description: parsed.data.description,
      reportKey: null,
      detail: { checkId: input.checkId, plan: input.planName, period: input.period },
    },
    photos,
  )
  return { hazardId: hazard.id, no: hazard.no }
}

/** Why a 隐患's photos cannot be recorded (none, or not photos), or null: the same rule as a worker's report. */
export function checkHazardPhotos(photos: UploadedFile[]): string | null {
  if (!photos.length) return '请拍摄或选择至少一张隐患照片'
  const checked = checkEvidence(photos, 'photo')
  return checked.ok ? null : checked.message
}

async function lockHazard(db: DB, enterpriseId: string, hazardId: string) {
  const row = await db
    .selectFrom('hazards')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', hazardId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw notFound()
  return row
}

type HazardRow = Awaited<ReturnType<typeof lockHazard>>

function partiesOf(row: HazardRow): HazardParties {
  return {
    responsibleUserId: row.responsible_user_id,
    rectifiedBy: row.rectified_by,
    supervisingDepartmentId: row.supervision_department_id,
  }
}

/**
 * The one way a hazard moves: after the row lock, the state machine and the policy decide; the
 * history row is numbered after the last (unique per hazard), so a step taken twice at once is
 * written once — the second caller finds the state already moved and is told so.
 */
async function transition(
  ctx: RequestContext,
  row: HazardRow,
  step: HazardStep,
  change: { to?: HazardStatus; grade?: HazardGrade; set?: Record<string, unknown>; note?: string; detail?: Record<string, unknown> },
): Promise<StepResult> {
  const { db, actor, client, now } = ctx
  const may = canTakeStep(step, hazardActor(actor), partiesOf(row))
  if (!may.ok) return { ok: false, fieldErrors: { _form: may.message } }
  const to = nextStatus(step, { status: row.status, grade: row.grade, hasPlan: !!row.plan, supervised: !!row.supervision_no }, change.grade)
  if (!to) return { ok: false, fieldErrors: { _form: stepRefusal(step, row.status) } }
  const { last } = await db
    .selectFrom('hazard_events')
    .select(sql<number>`coalesce(max(seq), 0)::int`.as('last'))
    .where('enterprise_id', '=', row.enterprise_id)
    .where('hazard_id', '=', row.id)
    .executeTakeFirstOrThrow()
  await db
    .updateTable('hazards')
    .set({ ...(change.set ?? {}), status: to, updated_at: now, ...(to === 'closed' ? { closed_at: now } : {}) })
    .where('enterprise_id', '=', row.enterprise_id)
    .where('id', '=', row.id)
    .execute()
  await db
    .insertInto('hazard_events')
    .values({
      enterprise_id: row.enterprise_id,
      hazard_id: row.id,
      seq: last + 1,
      step,
      from_status: row.status,
      to_status: to,
      note: change.note ?? '',
      detail: JSON.stringify(change.detail ?? {}),
      at: now,
    })
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId: row.enterprise_id,
    action: `hazard.${step}`,
    target: row.id,
    result: 'ok',
    ...client,
  })
  return { ok: true }
}

/** The people who may be named responsible: the enterprise's admins and heads (they hold accounts and pages). */
export async function responsibleCandidates(db: DB, enterpriseId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name as name', 'role'])
    .where('enterprise_id', '=', enterpriseId)
    .where('role', 'in', ['enterprise_admin', 'enterprise_head'])
    .orderBy('role')
    .orderBy('display_name')
    .execute()
}

/** 定级并指派: grade, responsible person, measures, deadline, funds; a 重大 one is reported to the department with it. */
export async function assignHazard(ctx: RequestContext, hazardId: string, values: Record<string, string>) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以定级并指派')
  const parsed = assignSchema.safeParse(values)
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) }
  const input = parsed.data
  const today = todayInShanghai(now)
  if (input.deadline < today) return { ok: false as const, fieldErrors: { deadline: '整改期限不能早于今天' } }
  const responsible = (await responsibleCandidates(db, enterpriseId)).find((c) => c.id === input.responsibleUserId)
  if (!responsible) return { ok: false as const, fieldErrors: { responsibleUserId: '请从本企业管理人员中选择整改责任人' } }
  if (
    input.criterionCode &&
    !MAJOR_HAZARD_STANDARDS.some((s) => s.sections.some((sec) => sec.items.some((i) => i.code === input.criterionCode)))
  )
    return { ok: false as const, fieldErrors: { criterionCode: '请从判定标准中选择' } }
  const row = await lockHazard(db, enterpriseId, hazardId)
  // a hazard from an order item keeps the department's deadline as its outer limit
  const item = row.order_id ? await orderItemOfHazard(ctx, enterpriseId, hazardId) : null
  const late = orderDeadlineProblem(input.deadline, item?.dueDate ?? null)
  if (late) return { ok: false as const, fieldErrors: { deadline: late } }
  const major = input.grade === 'major'
  return transition(ctx, row, 'assign', {
    grade: input.grade,
    set: {
      grade: input.grade,
      responsible_user_id: responsible.id,
      responsible_name: responsible.name,
      measures: input.measures,
      deadline: input.deadline,
      funds: input.funds,
      criterion_code: major ? input.criterionCode || null : null,
      situation: major ? input.situation : null,
      severity: major ? input.severity : null,
      stop_work: major ? input.stopWork === 'on' : null,
      stop_work_note: major && input.stopWork === 'on' ? input.stopWorkNote : null,
      workers_congress_on: major ? input.workersCongressOn : null,
      reported_at: major ? now : null,
    },
    note: input.measures,
    detail: {
      grade: input.grade,
      responsible: responsible.name,
      deadline: input.deadline,
      funds: input.funds,
      ...(major
        ? {
            reportedToDepartment: true,
            criterion: input.criterionCode || null,
            stopWork: input.stopWork === 'on',
            stopWorkNote: input.stopWorkNote || null,
            workersCongressOn: input.workersCongressOn,
          }
        : {}),
    },
  })
}

/** 一般: the responsible person (or the admin) records the rectification, with photos of the result. */
export async function rectifyHazard(ctx: RequestContext, hazardId: string, values: Record<string, string>, photos: UploadedFile[]) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseOf(actor)
  const parsed = rectifySchema.safeParse(values)
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error)
  if (photos.length) {
    const checked = checkEvidence(photos, 'photo')
    if (!checked.ok) errors.photos = checked.message
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false as const, fieldErrors: errors }
  const row = await lockHazard(db, enterpriseId, hazardId)
  const result = await transition(ctx, row, 'rectify', {
    set: { rectified_by: actor.userId },
    note: parsed.data.note,
    detail: { photos: photos.length },
  })
  if (result.ok && photos.length) {
    const attached = await attachEvidence(
      ctx,
      { kind: RECTIFY_PHOTOS, id: hazardId },
      photos.map((p) => ({ ...p, slot: 'photo' })),
      'photo',
    )
    if (!attached.ok) throw new Error(attached.message)
  }
  return result
}

/** 验收: by someone other than the rectifier; 合格 closes it (销号), 不合格 sends it back to 整改. */
export async function verifyHazard(ctx: RequestContext, hazardId: string, values: Record<string, string>) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseOf(actor)
  const parsed = verifySchema.safeParse(values)
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) }
  const row = await lockHazard(db, enterpriseId, hazardId)
  const step = parsed.data.decision === 'pass' ? 'verify_pass' : 'verify_fail'
  return transition(ctx, row, step, { set: step === 'verify_fail' ? { rectified_by: null } : {}, note: parsed.data.note })
}

/** 重大: the 治理方案 (16号令 §15), once. */
export async function planHazard(ctx: RequestContext, hazardId: string, values: Record<string, string>) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseOf(actor)
  const parsed = planSchema.safeParse(values)
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) }
  const row = await lockHazard(db, enterpriseId, hazardId)
  return transition(ctx, row, 'plan', { set: { plan: JSON.stringify(parsed.data) }, detail: parsed.data })
}

/** 重大: 治理 done, the enterprise's 评估, and its request to resume (16号令 §18). */
export async function requestResume(ctx: RequestContext, hazardId: string, values: Record<string, string>) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseOf(actor)
  const parsed = resumeSchema.safeParse(values)
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) }
  const row = await lockHazard(db, enterpriseId, hazardId)
  return transition(ctx, row, 'resume_request', {
    set: { assessment: parsed.data.assessment },
    note: parsed.data.note,
    detail: { assessment: parsed.data.assessment },
  })
}

async function scopedMajor(ctx: RequestContext, enterpriseId: string) {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  return scope
}

/** 挂牌督办: a department in scope puts the 重大 hazard under its supervision, with a deadline and a number. */
export async function superviseHazard(ctx: RequestContext, enterpriseId: string, hazardId: string, values: Record<string, string>) {
  const { db, now } = ctx
  const scope = await scopedMajor(ctx, enterpriseId)
  const directs = canDirectMajorHazard(scope.types)
  if (!directs.ok) throw forbidden(directs.message)
  const parsed = superviseSchema.safeParse(values)
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) }
  if (parsed.data.deadline <= todayInShanghai(now)) return { ok: false as const, fieldErrors: { deadline: '督办期限须晚于今天' } }
  const row = await lockHazard(db, enterpriseId, hazardId)
  if (row.grade !== 'major') throw notFound()
  const year = Number(todayInShanghai(now).slice(0, 4))
  await sql`select pg_advisory_xact_lock(hashtext(${`supervision-no:${scope.departmentId}:${year}`}))`.execute(db)
  const { n } = await db
    .selectFrom('hazards')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('supervision_department_id', '=', scope.departmentId)
    .where('supervised_at', '>=', new Date(`${year}-01-01T00:00:00+08:00`))
    .executeTakeFirstOrThrow()
  const no = supervisionNumber(departmentShortName(scope.departmentName), year, n + 1)
  return transition(ctx, row, 'supervise', {
    set: {
      supervision_department_id: scope.departmentId,
      supervision_department_name: scope.departmentName,
      supervision_no: no,
      supervision_deadline: parsed.data.deadline,
      supervised_at: now,
    },
    note: parsed.data.note,
    detail: { no, deadline: parsed.data.deadline, department: scope.departmentName },
  })
}

/** The department reviews the resume request: 核销 closes the hazard, or it is returned with reasons. */
export async function reviewResume(ctx: RequestContext, enterpriseId: string, hazardId: string, values: Record<string, string>) {
  const { db } = ctx
  const scope = await scopedMajor(ctx, enterpriseId)
  const directs = canDirectMajorHazard(scope.types)
  if (!directs.ok) throw forbidden(directs.message)
  const parsed = reviewSchema.safeParse(values)
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) }
  const row = await lockHazard(db, enterpriseId, hazardId)
  if (row.grade !== 'major') throw notFound()
  return transition(ctx, row, parsed.data.decision, { note: parsed.data.note })
}

/**
 * 复查不合格: the department that issued an order returns the enterprise's answer, and the loop opens
 * again where the work is redone — each closed hazard of the order takes a signed 复查不合格 step back
 * to 整改中 (一般: rectified and 验收 again by the enterprise) or 治理中 (重大: its 治理方案 kept, 评估,
 * request to resume and the department's 核销 again). Its deadline stays the department's: a return
 * does not move the order's. Called by the supervision module in the transaction that records the
 * return, after the order row is locked.
 */
export async function reopenHazardsOfOrder(ctx: RequestContext, enterpriseId: string, orderId: string, note: string) {
  const { db, actor } = ctx
  const order = await db
    .selectFrom('rectification_orders')
    .select(['department_id', 'document_no'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', orderId)
    .executeTakeFirst()
  if (!order) throw notFound()
  const may = canOpenOrderHazards(hazardActor(actor), order.department_id)
  if (!may.ok) throw forbidden(may.message)
  const closed = await db
    .selectFrom('hazards')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'closed')
    .orderBy('order_item_no')
    .execute()
  for (const h of closed) {
    const row = await lockHazard(db, enterpriseId, h.id)
    const result = await transition(ctx, row, 'recheck_fail', {
      set: { closed_at: null, rectified_by: null },
      note,
      detail: { orderId, item: row.order_item_no, documentNo: order.document_no },
    })
    if (!result.ok) throw new Error(result.fieldErrors._form ?? 'recheck_fail refused')
  }
  return { reopened: closed.length }
}

// ---- reading -----------------------------------------------------------------------------------

function hazardView(r: HazardRow, today: string) {
  return {
    id: r.id,
    no: r.no,
    source: r.source,
    place: r.place,
    description: r.description,
    foundBy: r.found_by_name,
    foundAt: new Date(r.found_at).toISOString(),
    status: r.status,
    grade: r.grade,
    responsibleUserId: r.responsible_user_id,
    responsibleName: r.responsible_name,
    measures: r.measures,
    deadline: r.deadline,
    // numeric: a string from pg, a number from PGlite
    funds: r.funds == null ? null : Number(r.funds).toFixed(2),
    criterionCode: r.criterion_code,
    criterionText: criterionText(r.criterion_code),
    situation: r.situation,
    severity: r.severity,
    stopWork: r.stop_work,
    stopWorkNote: r.stop_work_note,
    workersCongressOn: r.workers_congress_on,
    reportedAt: r.reported_at ? new Date(r.reported_at).toISOString() : null,
    plan: r.plan ? PLAN_PARTS.map((p) => ({ label: p.label, text: r.plan![p.key] ?? '' })) : null,
    assessment: r.assessment,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    supervision: r.supervision_no
      ? {
          no: r.supervision_no,
          departmentName: r.supervision_department_name!,
          deadline: r.supervision_deadline!,
          at: new Date(r.supervised_at!).toISOString(),
        }
      : null,
    overdue: isHazardOverdue({ status: r.status, deadline: r.deadline }, today),
    // the rectification order item it came from (source 监管部门检查)
    fromOrder: r.order_id ? { orderId: r.order_id, itemNo: r.order_item_no! } : null,
  }
}
export type HazardView = ReturnType<typeof hazardView>

function criterionText(code: string | null): string | null {
  if (!code) return null
  for (const s of MAJOR_HAZARD_STANDARDS)
    for (const sec of s.sections) for (const i of sec.items) if (i.code === code) return `${s.name}（${s.source}）${sec.title}：${i.text}`
  return null
}

async function historyOf(db: DB, enterpriseId: string, hazardId: string) {
  const rows = await db
    .selectFrom('hazard_events')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('hazard_id', '=', hazardId)
    .orderBy('seq')
    .execute()
  return rows.map((e) => ({
    seq: e.seq,
    step: e.step,
    toStatus: e.to_status,
    note: e.note,
    detail: e.detail,
    byName: e.by_name,
    byRole: e.by_role,
    at: new Date(e.at).toISOString(),
  }))
}

/** One hazard as the enterprise sees it, with its history, photos and what this person may do now. */
export async function hazardForEnterprise(ctx: RequestContext, hazardId: string) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseOf(actor)
  const row = await db
    .selectFrom('hazards')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', hazardId)
    .executeTakeFirst()
  if (!row) throw notFound()
  // a worker sees what they reported, nothing else
  if (!canSeeHazard(actor, row.found_by_user_id)) throw notFound()
  const today = todayInShanghai(now)
  const [orderItem, history, reportPhotos, rectifyPhotos] = await Promise.all([
    row.order_id ? orderItemOfHazard(ctx, enterpriseId, hazardId) : null,
    historyOf(db, enterpriseId, hazardId),
    canSeeHazardPhotos(actor.role) ? evidenceOf(ctx, { kind: REPORT_PHOTOS, id: hazardId }) : [],
    canSeeHazardPhotos(actor.role) ? evidenceOf(ctx, { kind: RECTIFY_PHOTOS, id: hazardId }) : [],
  ])
  const state = { status: row.status, grade: row.grade, hasPlan: !!row.plan, supervised: !!row.supervision_no }
  const can = (step: HazardStep, grade?: HazardGrade) =>
    !!nextStatus(step, state, grade) && canTakeStep(step, hazardActor(actor), partiesOf(row)).ok
  return {
    hazard: hazardView(row, today),
    orderItem,
    history,
    photos: [...reportPhotos, ...rectifyPhotos].map((f) => ({ id: f.id, name: f.file_name, mediaType: f.media_type })),
    can: {
      assign: can('assign', 'general'),
      rectify: can('rectify'),
      verify: can('verify_pass'),
      plan: can('plan'),
      resume: can('resume_request'),
    },
    // why a verifier is refused, shown instead of the form (the rectifier's own hazard)
    verifyRefusal:
      row.status === 'verifying' && !can('verify_pass')
        ? (() => {
            const d = canTakeStep('verify_pass', hazardActor(actor), partiesOf(row))
            return d.ok ? null : d.message
          })()
        : null,
    candidates:
      canTakeStep('assign', hazardActor(actor), partiesOf(row)).ok && row.status === 'reported'
        ? await responsibleCandidates(db, enterpriseId)
        : [],
    standards: MAJOR_HAZARD_STANDARDS.map((s) => ({
      code: s.code,
      name: s.name,
      source: s.source,
      note: s.note ?? null,
      sections: s.sections.map((sec) => ({ title: sec.title, items: sec.items.map((i) => ({ code: i.code, text: i.text })) })),
    })),
    today,
  }
}

/** The hazard register (隐患台账): filtered, sorted and paged in SQL; the most urgent first. */
export async function listHazards(ctx: RequestContext, query: HazardListQuery) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseOf(actor)
  if (!canReadHazardRegister(actor.role)) throw forbidden()
  const today = todayInShanghai(now)
  const overdue = sql<boolean>`(h.deadline < ${today} and h.status in ('rectifying','verifying','governing'))`
  let base = db.selectFrom('hazards as h').where('h.enterprise_id', '=', enterpriseId)
  if (query.q) {
    const like = containsPattern(query.q)
    base = base.where((eb) =>
      eb.or([eb('h.place', 'like', like), eb('h.description', 'like', like), eb('h.responsible_name', 'like', like)]),
    )
  }
  if (query.state === 'open') base = base.where('h.status', '<>', 'closed')
  if (query.state === 'closed') base = base.where('h.status', '=', 'closed')
  if (query.state === 'major') base = base.where('h.grade', '=', 'major')
  if (query.state === 'overdue') base = base.where(overdue)
  const urgency = sql`case when ${overdue} then 0 when h.status = 'reported' then 1 when h.grade = 'major' and h.status <> 'closed' then 2 when h.status <> 'closed' then 3 else 4 end`
  const column = { urgency, foundAt: sql.ref('h.found_at'), deadline: sql.ref('h.deadline'), no: sql.ref('h.no') }
  const [{ total }, rows, counts] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
    base
      .selectAll('h')
      .orderBy(column[query.sort], query.dir)
      .orderBy('h.no', 'desc')
      .limit(query.size)
      .offset((query.page - 1) * query.size)
      .execute(),
    db
      .selectFrom('hazards as h')
      .where('h.enterprise_id', '=', enterpriseId)
      .select([
        sql<number>`count(*) filter (where h.status <> 'closed')::int`.as('open'),
        sql<number>`count(*) filter (where ${overdue})::int`.as('overdue'),
        sql<number>`count(*) filter (where h.grade = 'major' and h.status <> 'closed')::int`.as('major'),
        sql<number>`count(*) filter (where h.status = 'reported')::int`.as('reported'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  const page: Page<HazardView> = { rows: rows.map((r) => hazardView(r, today)), total, page: query.page, size: query.size }
  return { page, counts, today }
}

/** The hazards a worker reported, newest first (the phone's 我报告的隐患). */
export async function myReportedHazards(ctx: RequestContext) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseOf(actor)
  const rows = await db
    .selectFrom('hazards')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('found_by_user_id', '=', actor.userId)
    .orderBy('found_at', 'desc')
    .limit(20)
    .execute()
  return rows.map((r) => hazardView(r, todayInShanghai(now)))
}

/** The enterprise home: its 重大 hazards under 挂牌督办, and counts for 下一步. */
export async function hazardsOnHome(ctx: RequestContext) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseOf(actor)
  const today = todayInShanghai(now)
  const [supervised, counts] = await Promise.all([
    db
      .selectFrom('hazards')
      .selectAll()
      .where('enterprise_id', '=', enterpriseId)
      .where('supervision_no', 'is not', null)
      .where('status', '<>', 'closed')
      .orderBy('supervision_deadline')
      .execute(),
    db
      .selectFrom('hazards')
      .where('enterprise_id', '=', enterpriseId)
      .select([
        sql<number>`count(*) filter (where status = 'reported')::int`.as('reported'),
        sql<number>`count(*) filter (where deadline < ${today} and status in ('rectifying','verifying','governing'))::int`.as('overdue'),
        sql<number>`count(*) filter (where status = 'verifying')::int`.as('verifying'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  return { supervised: supervised.map((r) => hazardView(r, today)), counts }
}

// ---- the regulator's side ----------------------------------------------------------------------

/** The department's 重大隐患 list: every 重大 hazard of enterprises in its scope, open ones first. */
export async function majorHazardsInScope(ctx: RequestContext, query: { state: 'open' | 'closed' | 'all'; page?: number; size?: number }) {
  const { page = 1, size = 20 } = query
  const { db, now } = ctx
  const scope = await regulatorScope(ctx)
  const today = todayInShanghai(now)
  // 待核销 (resume_requested) first, then the other open ones, then the closed: the list's order, and
  // (as `< 2` and `= 2`) its state filter, both on hazards_major_list_idx, which holds the city's 重大
  // hazards in this order: the query walks it and stops at the page's rows, where a filter on status
  // alone read every 重大 hazard in scope (a seq scan of all hazards for 已核销 and 全部) to sort them.
  const urgency = sql<number>`case when h.status = 'resume_requested' then 0 when h.status <> 'closed' then 1 else 2 end`
  let base = db
    .selectFrom('hazards as h')
    .innerJoin('enterprises as e', 'e.id', 'h.enterprise_id')
    .where('h.grade', '=', 'major')
    .where(inScope(scope))
  if (query.state === 'open') base = base.where(urgency, '<', 2) // status <> 'closed'
  if (query.state === 'closed') base = base.where(urgency, '=', 2) // status = 'closed'
  // the page, and how many there are in all (a city's 重大 hazards run to thousands: the list used to stop
  // at 500 without saying so)
  const [rows, counted] = await Promise.all([
    base
      .selectAll('h')
      .select(['e.name as enterpriseName'])
      .orderBy(urgency)
      .orderBy('h.reported_at', 'desc')
      .orderBy('h.id')
      .limit(size)
      .offset((page - 1) * size)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    total: counted.n,
    page,
    size,
    rows: rows.map((r) => ({ ...hazardView(r, today), enterpriseId: r.enterprise_id, enterpriseName: r.enterpriseName })),
    departmentId: scope.departmentId,
    departmentName: scope.departmentName,
  }
}

/**
 * The dashboard's red flag, part one: how many 重大 hazards in scope are not yet 核销 (the figure above
 * the list). A count, not the enterprises: the city has thousands with one, and the page shows 20.
 */
export async function majorHazardTotal(ctx: RequestContext): Promise<number> {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  const row = await db
    .selectFrom('hazards as h')
    .innerJoin('enterprises as e', 'e.id', 'h.enterprise_id')
    .where('h.grade', '=', 'major')
    .where('h.status', '<>', 'closed')
    .where(inScope(scope))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}

/**
 * Part two: the open 重大 hazards of the listed enterprises (a page's rows), each looked up by its own
 * key. Enterprises out of the regulator's scope count nothing, whatever ids are asked for.
 */
export async function majorHazardCounts(ctx: RequestContext, enterpriseIds: readonly string[]): Promise<Record<string, number>> {
  const { db } = ctx
  if (!enterpriseIds.length) return {}
  const scope = await regulatorScope(ctx)
  const rows = await db
    .selectFrom('hazards as h')
    .innerJoin('enterprises as e', 'e.id', 'h.enterprise_id')
    .where('h.enterprise_id', 'in', [...enterpriseIds])
    .where('h.grade', '=', 'major')
    .where('h.status', '<>', 'closed')
    .where(inScope(scope))
    .select(['h.enterprise_id', sql<number>`count(*)::int`.as('n')])
    .groupBy('h.enterprise_id')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.enterprise_id, r.n]))
}

/**
 * What a department with the enterprise in scope may read of its hazards: the 重大 ones (reported to
 * it, 16号令 §14) and those that came from a rectification order item (the order's own loop). The
 * enterprise's other hazards are its internal records.
 */
const regulatorMayRead = (eb: ExpressionBuilder<Database, 'hazards'>) => eb.or([eb('grade', '=', 'major'), eb('order_id', 'is not', null)])

/** One 重大 hazard (or one from an order item) for a department with the enterprise in scope (anything else is not found). */
export async function hazardForRegulator(ctx: RequestContext, enterpriseId: string, hazardId: string) {
  const { db, actor, now } = ctx
  const scope = await scopedMajor(ctx, enterpriseId)
  const row = await db
    .selectFrom('hazards')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', hazardId)
    .where(regulatorMayRead)
    .executeTakeFirst()
  if (!row) throw notFound()
  const enterprise = await db.selectFrom('enterprises').select('name').where('id', '=', enterpriseId).executeTakeFirstOrThrow()
  const owners = [
    { kind: REPORT_PHOTOS, id: hazardId },
    { kind: RECTIFY_PHOTOS, id: hazardId },
  ]
  const state = { status: row.status, grade: row.grade, hasPlan: !!row.plan, supervised: !!row.supervision_no }
  const me = hazardActor(actor)
  return {
    enterpriseName: enterprise.name,
    hazard: hazardView(row, todayInShanghai(now)),
    orderItem: row.order_id ? await orderItemOfHazard(ctx, enterpriseId, hazardId) : null,
    history: await historyOf(db, enterpriseId, hazardId),
    photos: (await evidenceForRegulator(ctx, enterpriseId, owners)).map((f) => ({ id: f.id, name: f.file_name })),
    can: {
      supervise:
        !!nextStatus('supervise', state) && canTakeStep('supervise', me, partiesOf(row)).ok && canDirectMajorHazard(scope.types).ok,
      review: !!nextStatus('write_off', state) && canTakeStep('write_off', me, partiesOf(row)).ok && canDirectMajorHazard(scope.types).ok,
    },
    departmentName: scope.departmentName,
  }
}

/** A photo of a 重大 hazard, for a department with the enterprise in scope; the read is logged for the enterprise. */
export async function openHazardPhoto(ctx: RequestContext, enterpriseId: string, hazardId: string, fileId: string) {
  const { db } = ctx
  await scopedMajor(ctx, enterpriseId)
  const hazard = await db
    .selectFrom('hazards')
    .select('no')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', hazardId)
    .where(regulatorMayRead)
    .executeTakeFirst()
  if (!hazard) throw notFound()
  const owners = [
    { kind: REPORT_PHOTOS, id: hazardId },
    { kind: RECTIFY_PHOTOS, id: hazardId },
  ]
  const file = await openEvidenceAsRegulator(ctx, enterpriseId, fileId, { owners })
  await logRegulatorRead(ctx, {
    enterpriseId,
    reportId: null,
    departmentName: file.departmentName,
    subject: `重大隐患照片：${file.fileName}（隐患第${hazard.no}号）`,
  })
  return file
}

/** The 隐患排查治理台账 as rows for the one export writer, read in pages of 2,000. */
export async function hazardLedgerRows(ctx: RequestContext) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseOf(actor)
  if (!canReadHazardRegister(actor.role)) throw forbidden()
  const today = todayInShanghai(now)
  const rows: Record<string, string | number | null>[] = []
  for (let offset = 0; ; offset += 2000) {
    const page = await db
      .selectFrom('hazards')
      .selectAll()
      .where('enterprise_id', '=', enterpriseId)
      .orderBy('no')
      .limit(2000)
      .offset(offset)
      .execute()
    for (const r of page) {
      const h = hazardView(r, today)
      rows.push({
        no: h.no,
        foundAt: h.foundAt.slice(0, 10),
        foundBy: h.foundBy,
        source: { self: '自查', check: '排查任务', worker: '员工报告', regulator: '监管部门检查' }[h.source],
        place: h.place,
        description: h.description,
        grade: h.grade ? (h.grade === 'major' ? '重大' : '一般') : '待定级',
        responsible: h.responsibleName,
        measures: h.measures,
        deadline: h.deadline,
        funds: h.funds === null ? null : Number(h.funds),
        status: h.overdue ? '逾期未整改' : STATUS_LABELS[h.status],
        closedAt: h.closedAt ? h.closedAt.slice(0, 10) : null,
        supervision: h.supervision ? `${h.supervision.departmentName} ${h.supervision.no}（期限 ${h.supervision.deadline}）` : null,
      })
    }
    if (page.length < 2000) break
  }
  return rows
}

/** The figures behind items 13 and 14 of the 二十条, from the register and the hazard records. */
export async function dualPreventionFigures(ctx: RequestContext) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseOf(actor)
  const today = todayInShanghai(now)
  const month = Number(today.slice(5, 7))
  const quarterStart = `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`
  const [units, risks, hazards] = await Promise.all([
    db
      .selectFrom('org_units as u')
      .where('u.enterprise_id', '=', enterpriseId)
      // the enterprise itself is no unit to identify risks in; its departments, workshops and teams are
      .where('u.parent_id', 'is not', null)
      .select([
        sql<number>`count(*)::int`.as('total'),
        sql<number>`count(*) filter (where exists (select 1 from risk_points p where p.enterprise_id = u.enterprise_id and p.unit_id = u.id))::int`.as(
          'covered',
        ),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('risks')
      .where('enterprise_id', '=', enterpriseId)
      .select([
        sql<number>`count(*)::int`.as('total'),
        sql<number>`count(*) filter (where level in ('major','serious'))::int`.as('majorOrSerious'),
        // 专项管控方案 on record: a file on the risk (evidence module, owner kind RISK_PLAN_EVIDENCE)
        sql<number>`count(*) filter (where level in ('major','serious') and not exists (
          select 1 from evidence_files f where f.enterprise_id = risks.enterprise_id and f.owner_kind = ${RISK_PLAN_EVIDENCE} and f.owner_id = risks.id))::int`.as(
          'withoutPlan',
        ),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('hazards')
      .where('enterprise_id', '=', enterpriseId)
      .select([
        sql<number>`count(*)::int`.as('total'),
        sql<number>`count(*) filter (where status <> 'closed')::int`.as('open'),
        sql<number>`count(*) filter (where deadline < ${today} and status in ('rectifying','verifying','governing'))::int`.as('overdue'),
        sql<number>`count(*) filter (where status = 'closed' and closed_at >= ${new Date(`${quarterStart}T00:00:00+08:00`)})::int`.as(
          'closedThisQuarter',
        ),
        sql<number>`count(*) filter (where grade = 'major' and status <> 'closed')::int`.as('majorOpen'),
        sql<number>`count(*) filter (where grade = 'major' and status <> 'closed' and supervision_no is not null)::int`.as(
          'majorSupervised',
        ),
        sql<number>`count(*) filter (where grade = 'major' and status = 'governing' and plan is null)::int`.as('majorWithoutPlan'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  return { units, risks, hazards }
}

// ---- a department leader's activity (一岗双责台账, app/modules/leaderledger) ----------------------

/**
 * The 重大隐患 steps one regulator took in [from, to) for their department: 挂牌督办 and 核销, each with
 * the hazard it concerns. The history row is signed by the trigger from the acting user, so by_user_id
 * is who really did it.
 */
export async function majorHazardStepsBy(db: DB, who: { userId: string; departmentId: string }, from: Date, to: Date) {
  return db
    .selectFrom('hazard_events as v')
    .innerJoin('hazards as h', (j) => j.onRef('h.enterprise_id', '=', 'v.enterprise_id').onRef('h.id', '=', 'v.hazard_id'))
    .innerJoin('enterprises as e', 'e.id', 'h.enterprise_id')
    .select([
      'h.id as hazardId',
      'v.step',
      'v.at',
      'v.by_name as byName',
      'h.description',
      'h.supervision_no as supervisionNo',
      'e.name as enterpriseName',
    ])
    .where('v.step', 'in', ['supervise', 'write_off'])
    .where('v.by_user_id', '=', who.userId)
    .where('v.by_department_id', '=', who.departmentId)
    .where('v.at', '>=', from)
    .where('v.at', '<', to)
    .orderBy('v.at')
    .execute()
}

/**
 * 验收 a user did between two days, and the hazards they are responsible for (closed / still open):
 * what the 履职记录 proposes and the 考核 evidence shows (app/modules/dutylogs). The caller decides who
 * may see them.
 */
export async function hazardWorkOf(ctx: RequestContext, userId: string, from: string, to: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const day = sql<string>`to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
  const checks = await db
    .selectFrom('hazard_events as e')
    .innerJoin('hazards as h', (j) => j.onRef('h.enterprise_id', '=', 'e.enterprise_id').onRef('h.id', '=', 'e.hazard_id'))
    .select(['e.hazard_id as id', 'e.seq', 'e.step', day.as('day'), 'h.no', 'h.place', 'h.description'])
    .where('e.enterprise_id', '=', actor.enterpriseId)
    .where('e.by_user_id', '=', userId)
    .where('e.step', 'in', ['verify_pass', 'verify_fail'])
    .where(day, '>=', from)
    .where(day, '<=', to)
    .orderBy('e.at')
    .execute()
  const responsible = await db
    .selectFrom('hazards')
    .select([sql<number>`count(*) filter (where closed_at is not null)::int`.as('closed'), sql<number>`count(*)::int`.as('total')])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('responsible_user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return { checks, responsible }
}
