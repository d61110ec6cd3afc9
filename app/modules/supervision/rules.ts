import type { RectificationStatus } from '../../../db/types'

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
