import type { HazardGrade, HazardStatus, RectificationStatus } from '../../../db/types'
import { STATUS_LABELS } from '../hazards/rules'

// Pure rules of supervision: when an order is overdue, how it reads, how a report's age reads.

export const ORDER_STATUS_LABELS: Record<RectificationStatus, string> = {
  open: '待整改',
  answered: '待复查',
  returned: '已退回',
  accepted: '已销号',
}

/** The enterprise still owes the answer: an order waiting on the enterprise. */
export function awaitsEnterprise(status: RectificationStatus): boolean {
  return status === 'open' || status === 'returned'
}

/**
 * An order is overdue (逾期未整改) when its earliest deadline has passed and it still waits on the
 * enterprise. An answer in time stops the clock while the regulator reviews it; a return does not
 * move the deadline, so a returned order past its date is overdue at once.
 */
export function isOrderOverdue(order: { status: RectificationStatus; dueDate: string }, today: string): boolean {
  return awaitsEnterprise(order.status) && order.dueDate < today
}

/** What the order's badge says, on both sides. */
export function orderBadge(
  order: { status: RectificationStatus; dueDate: string },
  today: string,
): { text: string; tone: 'red' | 'amber' | 'green' | 'grey' } {
  if (isOrderOverdue(order, today)) return { text: `逾期未整改（期限 ${order.dueDate}）`, tone: 'red' }
  if (order.status === 'accepted') return { text: ORDER_STATUS_LABELS.accepted, tone: 'green' }
  if (order.status === 'answered') return { text: ORDER_STATUS_LABELS.answered, tone: 'amber' }
  return { text: `${ORDER_STATUS_LABELS[order.status]}（期限 ${order.dueDate}）`, tone: order.status === 'returned' ? 'red' : 'amber' }
}

/** The order's deadline is its earliest item's; a deadline must lie after the day it is issued. */
export function orderDueDate(itemDueDates: string[]): string {
  return [...itemDueDates].sort()[0]!
}

/** 责令限期整改指令书 numbers run per department and year: 〔2026〕第12号. */
export function documentNumber(departmentShortName: string, year: number, seq: number): string {
  return `${departmentShortName}责改〔${year}〕${seq}号`
}

/** Whole days since the instant; null when there is no report. */
export function reportAgeDays(publishedAt: string | Date | null, now: Date): number | null {
  if (!publishedAt) return null
  const t = typeof publishedAt === 'string' ? Date.parse(publishedAt) : publishedAt.getTime()
  return Math.floor((now.getTime() - t) / 86_400_000)
}

/**
 * One closed loop (issue 15 §4): an order is answered as rectified only when every item's hazard in the
 * enterprise's 隐患台账 is closed — 一般: rectified, 验收 by another person and 销号; 重大: 核销 by the
 * department. The refusal of each item still open, keyed `items.<no>` to stand beside that item; an
 * empty record when the answer may go. An item without a hazard (an order issued before the link)
 * answers as before.
 */
export function answerRefusals(
  items: readonly { no: number }[],
  hazards: readonly { itemNo: number; no: number; status: HazardStatus; grade: HazardGrade | null }[],
): Record<string, string> {
  const refusals: Record<string, string> = {}
  for (const item of items) {
    const h = hazards.find((x) => x.itemNo === item.no)
    if (!h || h.status === 'closed') continue
    const closing = h.grade === 'major' ? '治理完成并经监管部门核销' : '整改完成并经验收销号'
    refusals[`items.${item.no}`] =
      `第${item.no}项对应的隐患第${h.no}号尚未闭环（当前：${STATUS_LABELS[h.status]}），须先${closing}，才能报送整改完成`
  }
  return refusals
}
