import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely'
import type { Database, InspectionsTable, RectificationStatus } from '../../../db/types'
import { todayInShanghai } from '../../utils/dates'
import { forbidden, notFound } from '../../utils/http'
import { containsPattern } from '../../utils/table-params'
import { recordAudit } from '../audit/audit.server'
import { enterpriseStaff } from '../auth/actor'
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
import { myCurrentPosts } from '../org/org.server'
import { hazardsOfOrder, openHazardsForOrder, orderHazardRecords } from '../hazards/orders.server'
import { reopenHazardsOfOrder } from '../hazards/hazards.server'
import { canReviewOrder, canSignInspection } from './policy'
import { departmentShortName } from '../reference/rules'
import { answerRefusals, documentNumber, isOrderOverdue, orderDueDate } from './rules'
import type { InspectionInput, OrderItemInput } from './forms'
import {
  answerSchema,
  inspectionSchema,
  MAX_ORDER_ITEMS,
  orderItemSchema,
  refusalSchema,
  reviewSchema,
  type OrderListQuery,
} from './schema'
import { fieldErrorsOf } from '../../utils/form'
import type { RequestContext } from '../../db.server'

// 监督检查与责令整改: the regulator records an inspection (《安全生产法》第六十五条) and may order
// rectification within deadlines; the enterprise answers with evidence; the regulator accepts the
// answer (销号) or sends it back. Both sides see the same order and the same overdue state.

type DB = Kysely<Database>

const ANSWER_EVIDENCE = 'rectification-answer'

async function scopedRegulator(ctx: RequestContext, enterpriseId: string) {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  return scope
}

/** Shanghai wall-clock 'YYYY-MM-DDTHH:mm' as an instant. */
function shanghaiInstant(local: string): Date {
  return new Date(`${local}:00+08:00`)
}

/**
 * Records an inspection, and with it an order when there are items. Deadlines must lie after today;
 * the inspection cannot be in the future. Nothing is written unless all of it is valid.
 */
export async function recordInspection(ctx: RequestContext, enterpriseId: string, input: InspectionInput, items: OrderItemInput[]) {
  const { db, actor, client, now } = ctx
  const scope = await scopedRegulator(ctx, enterpriseId)
  const today = todayInShanghai(now)
  // the module checks what the form checked: it is the API, whoever calls it
  const checked = inspectionSchema.safeParse(input)
  const errors: Record<string, string> = checked.success ? {} : fieldErrorsOf(checked.error)
  items.forEach((it, i) => {
    const row = it.row ?? i
    const item = orderItemSchema.safeParse({ problem: it.problem, requirement: it.requirement, dueDate: it.dueDate })
    if (!item.success) for (const [k, m] of Object.entries(fieldErrorsOf(item.error))) errors[`items.${row}.${k}`] ??= m
    else if (it.dueDate <= today) errors[`items.${row}.dueDate`] = '整改期限须晚于今天'
  })
  if (items.length > MAX_ORDER_ITEMS) errors._form = `一份指令最多${MAX_ORDER_ITEMS}项`
  const inspectedAt = shanghaiInstant(input.inspectedAt)
  if (!errors.inspectedAt) {
    if (Number.isNaN(inspectedAt.getTime())) errors.inspectedAt = '检查时间不是有效时间'
    else if (inspectedAt.getTime() > now.getTime() + 5 * 60_000) errors.inspectedAt = '检查时间不能晚于现在'
    else if (inspectedAt.getTime() < now.getTime() - 366 * 86_400_000)
      errors.inspectedAt = '检查时间不能早于一年前；更早的检查请按纸质档案留存'
  }
  if (Object.keys(errors).length) return { ok: false as const, fieldErrors: errors }

  const inspection = await db
    .insertInto('inspections')
    .values({
      enterprise_id: enterpriseId,
      department_id: scope.departmentId,
      department_name: scope.departmentName,
      inspected_at: inspectedAt,
      place: input.place,
      inspectors: input.inspectors,
      content: input.content,
      problems: input.problems,
      handling: input.handling,
      inspector_user_id: actor.userId,
      inspector_name: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'inspection.record',
    target: inspection.id,
    result: 'ok',
    ...client,
    at: ctx.now,
  })

  let orderId: string | null = null
  if (items.length) {
    const year = Number(today.slice(0, 4))
    // numbers run per department and year; the advisory lock keeps two inspectors from drawing the same one
    await sql`select pg_advisory_xact_lock(hashtext(${`order-no:${scope.departmentId}:${year}`}))`.execute(db)
    const { n } = await db
      .selectFrom('rectification_orders')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('department_id', '=', scope.departmentId)
      .where('issued_at', '>=', new Date(`${year}-01-01T00:00:00+08:00`))
      .executeTakeFirstOrThrow()
    // a number is never issued twice (unique per department): skip any already taken
    let seq = n + 1
    const short = departmentShortName(scope.departmentName)
    while (
      await db
        .selectFrom('rectification_orders')
        .select('id')
        .where('department_id', '=', scope.departmentId)
        .where('document_no', '=', documentNumber(short, year, seq))
        .executeTakeFirst()
    )
      seq++
    const order = await db
      .insertInto('rectification_orders')
      .values({
        enterprise_id: enterpriseId,
        inspection_id: inspection.id,
        department_id: scope.departmentId,
        department_name: scope.departmentName,
        document_no: documentNumber(short, year, seq),
        issued_by: actor.userId,
        issued_by_name: actor.displayName,
        due_date: orderDueDate(items.map((i) => i.dueDate)),
        // numbered per year of the app's clock (see the count above)
        issued_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    orderId = order.id
    await db
      .insertInto('rectification_items')
      .values(
        items.map((it, i) => ({
          enterprise_id: enterpriseId,
          order_id: order.id,
          no: i + 1,
          problem: it.problem,
          requirement: it.requirement,
          due_date: it.dueDate,
        })),
      )
      .execute()
    // one closed loop (issue 15 §4): each item becomes a hazard in the enterprise's 隐患台账 (hazards module)
    await openHazardsForOrder(ctx, enterpriseId, order.id)
    await recordAudit(db, {
      userId: actor.userId,
      enterpriseId,
      action: 'order.issue',
      target: order.id,
      result: 'ok',
      ...client,
      detail: { items: items.length },
      at: ctx.now,
    })
  }
  return { ok: true as const, inspectionId: inspection.id, orderId }
}

/** 被检查单位负责人拒绝签字: the inspector records it, once, instead of the head's signature. */
export async function recordRefusal(ctx: RequestContext, enterpriseId: string, inspectionId: string, note: string) {
  const { db, actor, client, now } = ctx
  const scope = await scopedRegulator(ctx, enterpriseId)
  const checked = refusalSchema.safeParse({ note })
  if (!checked.success) return { ok: false as const, message: fieldErrorsOf(checked.error).note ?? '请填写拒签情况' }
  const row = await db
    .selectFrom('inspections')
    .select(['department_id', 'head_signed_at', 'refusal_recorded_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', inspectionId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw notFound()
  if (row.department_id !== scope.departmentId) throw forbidden('只有实施检查的部门可以记录拒签情况')
  if (row.head_signed_at) return { ok: false as const, message: '企业负责人已签字，无需记录拒签' }
  if (row.refusal_recorded_at) return { ok: false as const, message: '拒签情况已记录' }
  await db
    .updateTable('inspections')
    .set({ refusal_note: note, refusal_recorded_at: now })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', inspectionId)
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'inspection.refusal',
    target: inspectionId,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  return { ok: true as const }
}

/**
 * The enterprise's 主要负责人 signs the inspection record under their own account, once. Who may
 * sign is decided here from the actor's posts today (policy.ts); the record is locked before the
 * already-signed check, so simultaneous signatures sign it once.
 */
export async function signInspection(ctx: RequestContext, inspectionId: string) {
  const { db, actor, client, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const decision = canSignInspection({ role: actor.role, posts: await myCurrentPosts(ctx, todayInShanghai(now)) })
  if (!decision.ok) throw forbidden(decision.message)
  const row = await db
    .selectFrom('inspections')
    .select(['head_signed_at', 'refusal_recorded_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', inspectionId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw notFound()
  if (row.head_signed_at) return { ok: false as const, message: '检查记录已签字' }
  if (row.refusal_recorded_at) return { ok: false as const, message: '检查人员已记录拒签情况，不能再签字' }
  await db
    .updateTable('inspections')
    .set({ head_user_id: actor.userId, head_name: actor.displayName, head_signed_at: now })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', inspectionId)
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'inspection.sign',
    target: inspectionId,
    result: 'ok',
    ...client,
    detail: { post: decision.post.postName },
    at: ctx.now,
  })
  return { ok: true as const }
}

/**
 * The enterprise answers an order waiting on it with a description and at least one file — once every
 * item's hazard is closed (one closed loop, rules.ts answerRefusals; the database holds the same rule).
 * The answer carries those hazards' records (measures, rectification, who accepted it and when,
 * photos) for the department's 复查. The order is locked first, so twenty answers at once write one.
 */
export async function answerOrder(ctx: RequestContext, orderId: string, note: string, files: UploadedFile[]) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const input = answerSchema.safeParse({ note })
  if (!input.success) return { ok: false as const, fieldErrors: fieldErrorsOf(input.error) }
  const order = await db
    .selectFrom('rectification_orders')
    .select(['status'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst()
  if (!order) throw notFound()
  if (order.status === 'answered') return { ok: false as const, fieldErrors: { _form: '整改情况已提交，等待监管部门复查' } }
  if (order.status === 'accepted') return { ok: false as const, fieldErrors: { _form: '该指令已销号' } }
  const items = await db
    .selectFrom('rectification_items')
    .select('no')
    .where('enterprise_id', '=', enterpriseId)
    .where('order_id', '=', orderId)
    .orderBy('no')
    .execute()
  const refusals = answerRefusals(items, await hazardsOfOrder(ctx, enterpriseId, orderId))
  if (Object.keys(refusals).length)
    return {
      ok: false as const,
      fieldErrors: {
        _form: '整改指令中仍有隐患未闭环，不能报送整改完成；请先在隐患治理中完成整改、验收销号（重大隐患经监管部门核销）',
        ...refusals,
      },
    }
  if (!files.length) return { ok: false as const, fieldErrors: { files: '请上传整改佐证材料（整改后照片、验收记录等）' } }
  const checked = checkEvidence(files)
  if (!checked.ok) return { ok: false as const, fieldErrors: { files: checked.message } }
  const event = await db
    .insertInto('rectification_events')
    .values({
      enterprise_id: enterpriseId,
      order_id: orderId,
      kind: 'answer',
      note,
      by_user_id: actor.userId,
      by_name: actor.displayName,
      hazards: JSON.stringify(await orderHazardRecords(ctx, enterpriseId, orderId)),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const attached = await attachEvidence(
    ctx,
    { kind: ANSWER_EVIDENCE, id: event.id },
    files.map((f) => ({ ...f, slot: 'answer' })),
  )
  if (!attached.ok) throw new Error(attached.message)
  await db
    .updateTable('rectification_orders')
    .set({ status: 'answered' })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', orderId)
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'order.answer',
    target: orderId,
    result: 'ok',
    ...client,
    detail: { files: files.length },
    at: ctx.now,
  })
  return { ok: true as const }
}

/**
 * The issuing department reviews an answer: accepts it (销号) or sends it back with reasons — once
 * per answer: the order is locked before its status is checked, and each review names the answer
 * it reviews (unique in the schema).
 */
export async function reviewOrder(ctx: RequestContext, enterpriseId: string, orderId: string, decision: 'accept' | 'return', note: string) {
  const { db, actor, client, now } = ctx
  const scope = await scopedRegulator(ctx, enterpriseId)
  const checked = reviewSchema.safeParse({ decision, note })
  if (!checked.success) return { ok: false as const, fieldErrors: fieldErrorsOf(checked.error) }
  const order = await db
    .selectFrom('rectification_orders')
    .select(['status', 'department_id'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst()
  if (!order) throw notFound()
  const may = canReviewOrder({ role: actor.role, departmentId: scope.departmentId, issuingDepartmentId: order.department_id })
  if (!may.ok) throw forbidden(may.message)
  if (order.status !== 'answered')
    return { ok: false as const, fieldErrors: { _form: order.status === 'accepted' ? '该指令已销号' : '企业尚未提交整改情况' } }
  const answer = await db
    .selectFrom('rectification_events')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('order_id', '=', orderId)
    .where('kind', '=', 'answer')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('rectification_events')
    .values({
      enterprise_id: enterpriseId,
      order_id: orderId,
      kind: decision,
      note,
      by_user_id: actor.userId,
      by_name: actor.displayName,
      answer_id: answer.id,
    })
    .execute()
  // 复查不合格 reopens the loop: the order's closed hazards go back to 整改 (重大: 治理), signed by this regulator
  if (decision === 'return') await reopenHazardsOfOrder(ctx, enterpriseId, orderId, note)
  const status: RectificationStatus = decision === 'accept' ? 'accepted' : 'returned'
  await db
    .updateTable('rectification_orders')
    .set({ status, closed_at: decision === 'accept' ? now : null })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', orderId)
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: `order.${decision}`,
    target: orderId,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  return { ok: true as const }
}

const orderColumns = [
  'id',
  'document_no',
  'department_name',
  'issued_by_name',
  'issued_at',
  'due_date',
  'status',
  'closed_at',
  'inspection_id',
] as const

function orderRow(
  r: {
    id: string
    document_no: string
    department_name: string
    issued_by_name: string
    issued_at: Date
    due_date: string
    status: RectificationStatus
    closed_at: Date | null
    inspection_id: string | null
  },
  today: string,
) {
  return {
    id: r.id,
    documentNo: r.document_no,
    departmentName: r.department_name,
    issuedBy: r.issued_by_name,
    issuedAt: new Date(r.issued_at).toISOString(),
    dueDate: r.due_date,
    status: r.status,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    inspectionId: r.inspection_id,
    overdue: isOrderOverdue({ status: r.status, dueDate: r.due_date }, today),
  }
}
export type OrderRow = ReturnType<typeof orderRow>

function inspectionRow(r: Selectable<InspectionsTable>) {
  return {
    id: r.id,
    departmentName: r.department_name,
    inspectedAt: new Date(r.inspected_at).toISOString(),
    place: r.place,
    inspectors: r.inspectors,
    content: r.content,
    problems: r.problems,
    handling: r.handling,
    inspectorName: r.inspector_name,
    headName: r.head_name,
    headSignedAt: r.head_signed_at ? new Date(r.head_signed_at).toISOString() : null,
    refusalNote: r.refusal_note,
    refusalRecordedAt: r.refusal_recorded_at ? new Date(r.refusal_recorded_at).toISOString() : null,
  }
}
export type InspectionRow = ReturnType<typeof inspectionRow>

async function supervisionOf(db: DB, enterpriseId: string, today: string) {
  const [inspections, orders] = await Promise.all([
    db.selectFrom('inspections').selectAll().where('enterprise_id', '=', enterpriseId).orderBy('inspected_at', 'desc').limit(200).execute(),
    db
      .selectFrom('rectification_orders')
      .select([...orderColumns])
      .where('enterprise_id', '=', enterpriseId)
      .orderBy('issued_at', 'desc')
      .limit(200)
      .execute(),
  ])
  return { inspections: inspections.map(inspectionRow), orders: orders.map((o) => orderRow(o, today)), today }
}

/** The enterprise's inspections and orders, newest first, as the enterprise sees them. */
export async function mySupervision(ctx: RequestContext, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const own = await supervisionOf(db, enterpriseStaff(actor), today)
  // whether this actor signs inspection records (the same rule as signInspection)
  return { ...own, canSign: canSignInspection({ role: actor.role, posts: await myCurrentPosts(ctx, today) }).ok }
}

/** The same, for a regulator with the enterprise in scope. */
export async function supervisionForRegulator(ctx: RequestContext, enterpriseId: string, today = todayInShanghai(ctx.now)) {
  const { db } = ctx
  await scopedRegulator(ctx, enterpriseId)
  return supervisionOf(db, enterpriseId, today)
}

async function orderDetail(db: DB, enterpriseId: string, orderId: string, today: string) {
  const order = await db
    .selectFrom('rectification_orders')
    .select([...orderColumns, 'department_id'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', orderId)
    .executeTakeFirst()
  if (!order) throw notFound()
  const [items, events, inspection, enterprise] = await Promise.all([
    db
      .selectFrom('rectification_items')
      .selectAll()
      .where('enterprise_id', '=', enterpriseId)
      .where('order_id', '=', orderId)
      .orderBy('no')
      .execute(),
    db
      .selectFrom('rectification_events')
      .selectAll()
      .where('enterprise_id', '=', enterpriseId)
      .where('order_id', '=', orderId)
      .orderBy('at')
      .execute(),
    order.inspection_id
      ? db
          .selectFrom('inspections')
          .selectAll()
          .where('enterprise_id', '=', enterpriseId)
          .where('id', '=', order.inspection_id)
          .executeTakeFirst()
      : undefined,
    db.selectFrom('enterprises').select(['name']).where('id', '=', enterpriseId).executeTakeFirstOrThrow(),
  ])
  return {
    enterpriseId,
    enterpriseName: enterprise.name,
    departmentId: order.department_id,
    order: orderRow(order, today),
    items: items.map((i) => ({
      no: i.no,
      problem: i.problem,
      requirement: i.requirement,
      dueDate: i.due_date,
      overdue: isOrderOverdue({ status: order.status, dueDate: i.due_date }, today),
    })),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      note: e.note,
      byName: e.by_name,
      at: new Date(e.at).toISOString(),
      hazards: e.kind === 'answer' ? (e.hazards ?? []) : [],
    })),
    inspection: inspection ? inspectionRow(inspection) : null,
  }
}

/** Each item with the hazard it became in the enterprise's register (hazards module), if any. */
async function withItemHazards(ctx: RequestContext, detail: Awaited<ReturnType<typeof orderDetail>>) {
  const hazards = await hazardsOfOrder(ctx, detail.enterpriseId, detail.order.id)
  return {
    ...detail,
    items: detail.items.map((i) => {
      const h = hazards.find((x) => x.itemNo === i.no)
      return {
        ...i,
        hazard: h ? { id: h.hazardId, label: h.label, closed: h.status === 'closed' } : null,
        // why this item cannot be answered yet, shown beside it on the answer form
        refusal: answerRefusals([i], hazards)[`items.${i.no}`] ?? null,
      }
    }),
  }
}

type EvidenceRow = { id: string; owner_id: string; file_name: string; media_type: string; size: number }
function withFiles<T extends { events: { id: string }[] }>(
  detail: T,
  files: EvidenceRow[],
): Omit<T, 'events'> & { events: (T['events'][number] & { files: { id: string; name: string; mediaType: string; size: number }[] })[] } {
  return {
    ...detail,
    events: detail.events.map((e) => ({
      ...e,
      files: files.filter((f) => f.owner_id === e.id).map((f) => ({ id: f.id, name: f.file_name, mediaType: f.media_type, size: f.size })),
    })),
  }
}

export async function orderForEnterprise(ctx: RequestContext, orderId: string, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const detail = await withItemHazards(ctx, await orderDetail(db, enterpriseId, orderId, today))
  const files = (
    await Promise.all(
      detail.events
        .filter((e) => e.kind === 'answer')
        .map((e) => evidenceOf(ctx, { kind: ANSWER_EVIDENCE, id: e.id }).then((fs) => fs.map((f) => ({ ...f, owner_id: e.id })))),
    )
  ).flat()
  return withFiles(detail, files)
}

export async function orderForRegulator(ctx: RequestContext, enterpriseId: string, orderId: string, today = todayInShanghai(ctx.now)) {
  const { db } = ctx
  const scope = await scopedRegulator(ctx, enterpriseId)
  const detail = await withItemHazards(ctx, await orderDetail(db, enterpriseId, orderId, today))
  const owners = detail.events.filter((e) => e.kind === 'answer').map((e) => ({ kind: ANSWER_EVIDENCE, id: e.id }))
  const files = await evidenceForRegulator(ctx, enterpriseId, owners)
  return { ...withFiles(detail, files), canReview: detail.departmentId === scope.departmentId && detail.order.status === 'answered' }
}

/** A regulator opens a file the enterprise sent with an answer to this order; the read is logged for the enterprise. */
export async function openOrderEvidence(ctx: RequestContext, enterpriseId: string, orderId: string, fileId: string) {
  const { db } = ctx
  await scopedRegulator(ctx, enterpriseId)
  const order = await db
    .selectFrom('rectification_orders')
    .select(['document_no'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', orderId)
    .executeTakeFirst()
  if (!order) throw notFound()
  const answers = await db
    .selectFrom('rectification_events')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('order_id', '=', orderId)
    .where('kind', '=', 'answer')
    .execute()
  const file = await openEvidenceAsRegulator(ctx, enterpriseId, fileId, {
    owners: answers.map((a) => ({ kind: ANSWER_EVIDENCE, id: a.id })),
  })
  await logRegulatorRead(ctx, {
    enterpriseId,
    reportId: null,
    departmentName: file.departmentName,
    subject: `整改佐证：${file.fileName}（${order.document_no}）`,
  })
  return file
}

/** One inspection with the orders issued on it; not found outside the enterprise. */
async function inspectionDetail(db: DB, enterpriseId: string, inspectionId: string, today: string) {
  const row = await db
    .selectFrom('inspections')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', inspectionId)
    .executeTakeFirst()
  if (!row) throw notFound()
  const orders = await db
    .selectFrom('rectification_orders')
    .select([...orderColumns])
    .where('enterprise_id', '=', enterpriseId)
    .where('inspection_id', '=', inspectionId)
    .execute()
  const open = !row.head_signed_at && !row.refusal_recorded_at
  return { row, open, inspection: inspectionRow(row), orders: orders.map((o) => orderRow(o, today)) }
}

export async function inspectionForEnterprise(ctx: RequestContext, inspectionId: string, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const { inspection, orders, open } = await inspectionDetail(db, enterpriseId, inspectionId, today)
  // the printed record names the inspected unit as the regulator's copy does (被检查单位), not 本单位
  const enterprise = await db.selectFrom('enterprises').select('name').where('id', '=', enterpriseId).executeTakeFirstOrThrow()
  return {
    enterpriseName: enterprise.name,
    inspection,
    orders,
    canSign: open && canSignInspection({ role: actor.role, posts: await myCurrentPosts(ctx, today) }).ok,
  }
}

export async function inspectionForRegulator(
  ctx: RequestContext,
  enterpriseId: string,
  inspectionId: string,
  today = todayInShanghai(ctx.now),
) {
  const { db } = ctx
  const scope = await scopedRegulator(ctx, enterpriseId)
  const { row, inspection, orders, open } = await inspectionDetail(db, enterpriseId, inspectionId, today)
  const enterprise = await db.selectFrom('enterprises').select(['name']).where('id', '=', enterpriseId).executeTakeFirstOrThrow()
  return {
    enterpriseId,
    enterpriseName: enterprise.name,
    inspection,
    orders,
    canRecordRefusal: row.department_id === scope.departmentId && open,
  }
}

/**
 * The states of rules.ts (isOrderOverdue and the rest) as SQL over `rectification_orders as ro`: the
 * one place the database side says when an order is overdue.
 */
function orderStateSql(today: string) {
  const waiting = sql<boolean>`ro.status in ('open','returned')`
  return {
    overdue: sql<boolean>`(${waiting} and ro.due_date < ${today}::date)`,
    pending: sql<boolean>`(${waiting} and ro.due_date >= ${today}::date)`,
    answered: sql<boolean>`ro.status = 'answered'`,
    accepted: sql<boolean>`ro.status = 'accepted'`,
  }
}
const countWhere = (cond: RawBuilder<boolean>) => sql<number>`(count(*) filter (where ${cond}))::int`

/** Open and overdue orders of the acting enterprise, for its status report and home page. */
export async function orderFigures(ctx: RequestContext, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const state = orderStateSql(today)
  const r = await db
    .selectFrom('rectification_orders as ro')
    .select([countWhere(sql`not ${state.accepted}`).as('open'), countWhere(state.overdue).as('overdue')])
    .where('ro.enterprise_id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  return { open: r.open, overdue: r.overdue }
}

/**
 * The dashboard's flag, as SQL over the dashboard's `s` (enterprise_flag_state): an order past its
 * deadline still waiting on the enterprise. The row keeps the earliest due date of the orders in the
 * waiting states of orderStateSql (open, returned; by trigger, migration 20261206020000), so the flag
 * turns on as the day passes it, with no probe of the orders (issue 17).
 */
export function overdueOrderFlag(today: string) {
  return sql<boolean>`coalesce(s.orders_due_min < ${today}::date, false)`
}

/**
 * 整改跟踪: the orders the regulator's department issued, to enterprises still in its scope, the
 * overdue and the waiting-for-review first by default; filtered, sorted and paginated in SQL.
 */
export async function listDepartmentOrders(ctx: RequestContext, query: OrderListQuery, today = todayInShanghai(ctx.now)) {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  const state = orderStateSql(today)
  const departmentOrders = db
    .selectFrom('rectification_orders as ro')
    .innerJoin('enterprises as e', 'e.id', 'ro.enterprise_id')
    .where('ro.department_id', '=', scope.departmentId)
    .where(inScope(scope))
  // the search and the state tab, as one condition: the page's rows are filtered by it, and its total
  // is counted by it in the same pass over the department's orders as the tabs' counts
  const filters: RawBuilder<boolean>[] = []
  if (query.q) {
    const like = containsPattern(query.q)
    filters.push(sql<boolean>`(e.name like ${like} or ro.document_no like ${like})`)
  }
  if (query.state) filters.push(state[query.state])
  const matching = filters.length ? sql<boolean>`(${sql.join(filters, sql` and `)})` : sql<boolean>`true`
  const urgency = sql`case when ${state.overdue} then 0 when ${state.answered} then 1 when ${state.pending} then 2 else 3 end`
  const columns = [
    'ro.id',
    'ro.enterprise_id as enterpriseId',
    'e.name as enterpriseName',
    'ro.document_no',
    'ro.department_name',
    'ro.issued_by_name',
    'ro.issued_at',
    'ro.due_date',
    'ro.status',
    'ro.closed_at',
    'ro.inspection_id',
  ] as const
  const offset = (query.page - 1) * query.size
  const sortKey = query.sort === 'urgency' ? urgency : sql.ref(query.sort === 'dueDate' ? 'ro.due_date' : 'ro.issued_at')
  const page =
    query.sort === 'enterprise'
      ? // by name: Postgres walks the enterprises' name index and stops at the page
        departmentOrders
          .where(matching)
          .select(columns)
          .orderBy('e.name', query.dir)
          .orderBy('ro.due_date')
          .orderBy('ro.id')
          .limit(query.size)
          .offset(offset)
      : // by a key of the order itself: the department's orders sorted on their own (a fenced subquery,
        // which Postgres does not flatten), then each joined to its enterprise in that order until the
        // page is full — where the join came first, every page hashed all the city's enterprises
        // (20,000 on azt_scale) to check the scope of the department's orders before sorting them
        db
          .selectFrom(
            db
              .selectFrom('rectification_orders as ro')
              .selectAll('ro')
              .select(sortKey.as('sort_key'))
              .where('ro.department_id', '=', scope.departmentId)
              .orderBy('sort_key', query.dir)
              .orderBy('ro.due_date')
              .orderBy('ro.id')
              .as('ro'),
          )
          .innerJoin('enterprises as e', 'e.id', 'ro.enterprise_id')
          .where(inScope(scope))
          .where(matching)
          .select(columns)
          .orderBy('ro.sort_key', query.dir)
          .orderBy('ro.due_date')
          .orderBy('ro.id')
          .limit(query.size)
          .offset(offset)
  const [rows, { total, ...counts }] = await Promise.all([
    page.execute(),
    // one pass, not two: the tabs count every order of the department in scope, the total the filtered ones
    departmentOrders
      .select([
        countWhere(matching).as('total'),
        countWhere(state.overdue).as('overdue'),
        countWhere(state.pending).as('pending'),
        countWhere(state.answered).as('answered'),
        countWhere(state.accepted).as('accepted'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  return {
    page: {
      rows: rows.map((r) => ({ ...orderRow(r, today), enterpriseId: r.enterpriseId, enterpriseName: r.enterpriseName })),
      total,
      page: query.page,
      size: query.size,
    },
    counts,
    departmentName: scope.departmentName,
    today,
  }
}

// ---- a department leader's activity (一岗双责台账, app/modules/leaderledger) ----------------------

/**
 * What one regulator did in [from, to) within their department: inspections they recorded or are
 * named in as 检查人员, orders they issued, and reviews (复查) they made. Read only by the leader
 * ledger, which proposes each as a line of the leader's monthly sheet.
 */
export async function regulatorActivity(db: DB, who: { userId: string; name: string; departmentId: string }, from: Date, to: Date) {
  const inspections = await db
    .selectFrom('inspections as i')
    .innerJoin('enterprises as e', 'e.id', 'i.enterprise_id')
    .select(['i.id', 'i.inspected_at', 'i.place', 'i.inspectors', 'e.name as enterpriseName'])
    .where('i.department_id', '=', who.departmentId)
    .where('i.inspected_at', '>=', from)
    .where('i.inspected_at', '<', to)
    .where((eb) => eb.or([eb('i.inspector_user_id', '=', who.userId), eb('i.inspectors', 'like', containsPattern(who.name))]))
    .orderBy('i.inspected_at')
    .execute()
  const issued = await db
    .selectFrom('rectification_orders as o')
    .innerJoin('enterprises as e', 'e.id', 'o.enterprise_id')
    .select(['o.id', 'o.issued_at', 'o.document_no', 'e.name as enterpriseName'])
    .where('o.department_id', '=', who.departmentId)
    .where('o.issued_by', '=', who.userId)
    .where('o.issued_at', '>=', from)
    .where('o.issued_at', '<', to)
    .orderBy('o.issued_at')
    .execute()
  const reviewed = await db
    .selectFrom('rectification_events as v')
    .innerJoin('rectification_orders as o', (j) => j.onRef('o.enterprise_id', '=', 'v.enterprise_id').onRef('o.id', '=', 'v.order_id'))
    .innerJoin('enterprises as e', 'e.id', 'o.enterprise_id')
    .select(['v.id', 'v.at', 'v.kind', 'o.document_no', 'e.name as enterpriseName'])
    .where('o.department_id', '=', who.departmentId)
    .where('v.kind', 'in', ['accept', 'return'])
    .where('v.by_user_id', '=', who.userId)
    .where('v.at', '>=', from)
    .where('v.at', '<', to)
    .orderBy('v.at')
    .execute()
  return { inspections, issued, reviewed }
}

/**
 * Inspections a head signed (received) and rectification orders a user answered between two days:
 * what the 履职记录 (app/modules/dutylogs) proposes. The caller decides who may see them.
 */
export async function supervisionActsBetween(ctx: RequestContext, userId: string, from: string, to: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const signedDay = sql<string>`to_char(head_signed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
  const inspections = await db
    .selectFrom('inspections')
    .select(['id', signedDay.as('day'), 'department_name', 'place', 'inspectors', 'content'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('head_user_id', '=', userId)
    .where(signedDay, '>=', from)
    .where(signedDay, '<=', to)
    .orderBy('head_signed_at')
    .execute()
  const answeredDay = sql<string>`to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
  const answers = await db
    .selectFrom('rectification_events as e')
    .innerJoin('rectification_orders as o', (j) => j.onRef('o.enterprise_id', '=', 'e.enterprise_id').onRef('o.id', '=', 'e.order_id'))
    .select(['e.id', answeredDay.as('day'), 'o.document_no', 'o.department_name'])
    .where('e.enterprise_id', '=', actor.enterpriseId)
    .where('e.kind', '=', 'answer')
    .where('e.by_user_id', '=', userId)
    .where(answeredDay, '>=', from)
    .where(answeredDay, '<=', to)
    .orderBy('e.at')
    .execute()
  return { inspections, answers }
}
