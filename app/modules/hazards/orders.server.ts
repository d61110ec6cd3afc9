import { sql } from 'kysely'
import type { HazardGrade, HazardStatus, OrderAnswerHazard } from '../../../db/types'
import type { RequestContext } from '../../db.server'
import { forbidden, notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { evidenceOfOwners } from '../evidence/evidence.server'
import { regulatorScope } from '../reference/scope.server'
import { canOpenOrderHazards } from './policy'
import { orderItemHazardLabel } from './rules'

// Issue 15 §4: one closed loop, not two. When a department issues a 责令限期整改指令书, each of its
// items becomes a hazard in the enterprise's 隐患台账 (source 监管部门检查), linked to the item; the
// enterprise grades and rectifies it like any other (整改 → 验收 → 销号, or the 重大 path), and the
// order shows each item's hazard on both sides. The supervision module calls these functions; only
// this module writes hazards.

/**
 * Opens a hazard for every item of the order that has none yet, in the caller's transaction. Called
 * by the issuing department's regulator right after the order is written. The items are read from the
 * database (never taken from the caller), and an item already linked is skipped, so a repeated call
 * adds nothing (the schema holds one hazard per item).
 */
export async function openHazardsForOrder(ctx: RequestContext, enterpriseId: string, orderId: string) {
  const { db, actor, client, now } = ctx
  if (actor.kind !== 'regulator') throw forbidden()
  const scope = await regulatorScope(ctx)
  const order = await db
    .selectFrom('rectification_orders as ro')
    .leftJoin('inspections as i', (j) => j.onRef('i.enterprise_id', '=', 'ro.enterprise_id').onRef('i.id', '=', 'ro.inspection_id'))
    .select(['ro.id', 'ro.department_id', 'ro.department_name', 'ro.document_no', 'i.place'])
    .where('ro.enterprise_id', '=', enterpriseId)
    .where('ro.id', '=', orderId)
    .executeTakeFirst()
  if (!order) throw notFound()
  const may = canOpenOrderHazards({ role: actor.role, userId: actor.userId, departmentId: scope.departmentId }, order.department_id)
  if (!may.ok) throw forbidden(may.message)
  const items = await db
    .selectFrom('rectification_items as it')
    .select(['it.no', 'it.problem', 'it.requirement', 'it.due_date'])
    .where('it.enterprise_id', '=', enterpriseId)
    .where('it.order_id', '=', orderId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('hazards as h')
            .select(sql<number>`1`.as('one'))
            .whereRef('h.enterprise_id', '=', 'it.enterprise_id')
            .whereRef('h.order_id', '=', 'it.order_id')
            .whereRef('h.order_item_no', '=', 'it.no'),
        ),
      ),
    )
    .orderBy('it.no')
    .execute()
  if (!items.length) return { opened: 0 }
  // the same lock as a report from the phone: hazard numbers run per enterprise without gaps or clashes
  await sql`select pg_advisory_xact_lock(hashtext(${`hazard-no:${enterpriseId}`}))`.execute(db)
  const { max } = await db
    .selectFrom('hazards')
    .select(sql<number>`coalesce(max(no), 0)::int`.as('max'))
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  for (const [i, item] of items.entries()) {
    const hazard = await db
      .insertInto('hazards')
      .values({
        enterprise_id: enterpriseId,
        no: max + 1 + i,
        source: 'regulator',
        place: (order.place ?? '').slice(0, 100) || order.department_name,
        description: `${item.problem}\n整改要求：${item.requirement}`,
        found_by_user_id: actor.userId,
        found_by_name: `${actor.displayName}（${order.department_name}）`,
        found_at: now,
        status: 'reported',
        updated_at: now,
        order_id: orderId,
        order_item_no: item.no,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // signed by the database from app.user_id: the regulator who issued the order
    await db
      .insertInto('hazard_events')
      .values({
        enterprise_id: enterpriseId,
        hazard_id: hazard.id,
        seq: 1,
        step: 'report',
        from_status: null,
        to_status: 'reported',
        note: `${order.document_no} 第${item.no}项，整改期限 ${item.due_date}`,
        detail: JSON.stringify({ orderId, item: item.no, documentNo: order.document_no, dueDate: item.due_date }),
        at: now,
      })
      .execute()
    await recordAudit(db, {
      userId: actor.userId,
      enterpriseId,
      action: 'hazard.from_order',
      target: hazard.id,
      result: 'ok',
      ...client,
      detail: { orderId, item: item.no },
    })
  }
  return { opened: items.length }
}

export interface OrderItemHazard {
  itemNo: number
  hazardId: string
  no: number
  status: HazardStatus
  grade: HazardGrade | null
  closedAt: string | null
  label: string
}

/**
 * The hazards of an order's items, for the order's page on either side. The caller has already
 * decided that this person may read the order (its enterprise's staff, or a department with the
 * enterprise in scope); a hazard is shown only through its order.
 */
export async function hazardsOfOrder(ctx: RequestContext, enterpriseId: string, orderId: string): Promise<OrderItemHazard[]> {
  const rows = await ctx.db
    .selectFrom('hazards')
    .select(['id', 'no', 'status', 'grade', 'closed_at', 'order_item_no'])
    .where('enterprise_id', '=', enterpriseId)
    .where('order_id', '=', orderId)
    .orderBy('order_item_no')
    .execute()
  return rows.map((r) => {
    const closedAt = r.closed_at ? new Date(r.closed_at).toISOString() : null
    return {
      itemNo: r.order_item_no!,
      hazardId: r.id,
      no: r.no,
      status: r.status,
      grade: r.grade,
      closedAt,
      label: orderItemHazardLabel({ no: r.no, status: r.status, closedAt }),
    }
  })
}

/** The order item a hazard came from, for the hazard's page: its document number, requirement and deadline. */
export async function orderItemOfHazard(ctx: RequestContext, enterpriseId: string, hazardId: string) {
  const row = await ctx.db
    .selectFrom('hazards as h')
    .innerJoin('rectification_items as it', (j) =>
      j.onRef('it.enterprise_id', '=', 'h.enterprise_id').onRef('it.order_id', '=', 'h.order_id').onRef('it.no', '=', 'h.order_item_no'),
    )
    .innerJoin('rectification_orders as ro', (j) => j.onRef('ro.enterprise_id', '=', 'it.enterprise_id').onRef('ro.id', '=', 'it.order_id'))
    .select(['ro.id as orderId', 'ro.document_no', 'ro.department_name', 'it.no', 'it.requirement', 'it.due_date'])
    .where('h.enterprise_id', '=', enterpriseId)
    .where('h.id', '=', hazardId)
    .executeTakeFirst()
  return row
    ? {
        orderId: row.orderId,
        documentNo: row.document_no,
        departmentName: row.department_name,
        itemNo: row.no,
        requirement: row.requirement,
        dueDate: row.due_date,
      }
    : null
}

/**
 * The record of each closed hazard of an order, as the order's answer carries it to the department's
 * 复查: the measures, the rectification (一般: 整改完成; 重大: 评估并申请恢复生产), who accepted it and
 * when (一般: the enterprise's 验收; 重大: the department's 核销), and the rectification photos. Read in
 * the answer's transaction, after the order is locked (a hazard of an order reopens only when the
 * department returns an answer, which takes the same lock). Only closed hazards have a record.
 */
export async function orderHazardRecords(ctx: RequestContext, enterpriseId: string, orderId: string): Promise<OrderAnswerHazard[]> {
  const { db } = ctx
  const hazards = await db
    .selectFrom('hazards')
    .select(['id', 'no', 'grade', 'measures', 'responsible_name', 'order_item_no'])
    .where('enterprise_id', '=', enterpriseId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'closed')
    .orderBy('order_item_no')
    .execute()
  if (!hazards.length) return []
  const ids = hazards.map((h) => h.id)
  const [events, photos] = await Promise.all([
    db
      .selectFrom('hazard_events')
      .select(['hazard_id', 'step', 'note', 'by_name', 'at'])
      .where('enterprise_id', '=', enterpriseId)
      .where('hazard_id', 'in', ids)
      .where('step', 'in', ['rectify', 'resume_request', 'verify_pass', 'write_off'])
      .orderBy('seq')
      .execute(),
    evidenceOfOwners(db, enterpriseId, 'hazard-rectify', ids),
  ])
  const last = (hazardId: string, steps: string[]) => [...events].reverse().find((e) => e.hazard_id === hazardId && steps.includes(e.step))
  return hazards.map((h) => {
    const rectified = last(h.id, ['rectify', 'resume_request'])
    const closed = last(h.id, ['verify_pass', 'write_off'])
    return {
      itemNo: h.order_item_no!,
      hazardId: h.id,
      no: h.no,
      grade: h.grade,
      measures: h.measures,
      responsible: h.responsible_name,
      rectified: rectified ? { by: rectified.by_name, at: new Date(rectified.at).toISOString(), note: rectified.note } : null,
      closed: closed
        ? {
            step: closed.step as 'verify_pass' | 'write_off',
            by: closed.by_name,
            at: new Date(closed.at).toISOString(),
            note: closed.note,
          }
        : null,
      photos: photos.filter((p) => p.owner_id === h.id).map((p) => ({ id: p.id, name: p.file_name })),
    }
  })
}
