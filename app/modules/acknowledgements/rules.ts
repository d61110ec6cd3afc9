import { addDays, addMonths, daysBetween, endOfShanghaiDay, shanghaiDay } from '../../utils/calendar'
// Pure rules of 签字确认 (DESIGN 2.2): the deadline to confirm a post's list, counted the way
// 《民法典》 §201–202 count periods, and the state of one assignment. No I/O; unit-tested.

export type DeadlinePeriod = { months: number } | { days: number }

/**
 * 1 month for tier 1, for the 分管安全 deputy and for posts flagged 安全管理人员; half a month
 * (15 days) for other tier-2 and tier-3 posts; one week for tiers 4 and 5.
 */
export function deadlinePeriod(post: { tier: number; inChargeOfSafety: boolean; isSafetyManager: boolean }): DeadlinePeriod {
  if (post.tier === 1 || post.isSafetyManager || (post.tier === 2 && post.inChargeOfSafety)) return { months: 1 }
  if (post.tier === 2 || post.tier === 3) return { days: 15 }
  return { days: 7 }
}

export function periodLabel(p: DeadlinePeriod): string {
  return 'months' in p ? `${p.months}个月` : p.days === 15 ? '半个月（15日）' : p.days === 7 ? '1周（7日）' : `${p.days}日`
}

/**
 * The last day of the period that starts on `start` (a calendar date): the start day is not counted;
 * N days end on start + N; a period of months ends on the same-numbered day of the final month, or
 * on that month's last day where it has none (31 Jan + 1 month → 28/29 Feb). The deadline is the
 * end (24:00 Asia/Shanghai) of the returned day.
 */
export function deadlineDate(start: string, period: DeadlinePeriod): string {
  return 'days' in period ? addDays(start, period.days) : addMonths(start, period.months)
}

/** The day counting starts from: the later of taking the post and the list's publication (Shanghai calendar days). */
export function countingStart(assignmentStart: string, publishedOn: string): string {
  return assignmentStart > publishedOn ? assignmentStart : publishedOn
}

/** The instant a deadline day ends: 24:00 Asia/Shanghai (UTC+8, no daylight saving). */
export function deadlineInstant(deadline: string): Date {
  return endOfShanghaiDay(deadline)
}

export type AckState = 'confirmed' | 'pending' | 'overdue' | 'reconfirm'

export const ACK_STATE_LABELS: Record<AckState, string> = {
  confirmed: '已确认',
  pending: '待确认',
  overdue: '逾期',
  reconfirm: '需重新确认',
}

/**
 * One current assignment against its post's current list: confirmed if that version is confirmed;
 * otherwise overdue once the deadline day has ended, else 需重新确认 where an earlier version was
 * confirmed, else 待确认.
 */
export function ackState(input: { confirmedCurrent: boolean; confirmedEarlier: boolean; deadline: string; now: Date }): AckState {
  if (input.confirmedCurrent) return 'confirmed'
  if (input.now.getTime() >= deadlineInstant(input.deadline).getTime()) return 'overdue'
  return input.confirmedEarlier ? 'reconfirm' : 'pending'
}

/**
 * Late is late: how many days after its deadline a confirmation was made — the Shanghai calendar day
 * of the confirmation minus the deadline day; 0 when it was made by 24:00 of the deadline day.
 */
export function lateDays(confirmedAt: Date, deadline: string): number {
  const end = deadlineInstant(deadline).getTime()
  if (confirmedAt.getTime() < end) return 0
  return Math.max(1, daysBetween(deadline, shanghaiDay(confirmedAt)))
}

/** 已确认, or 逾期确认（超期 N 天） for a confirmation made after its deadline. */
export function confirmedLabel(days: number): string {
  return days > 0 ? `逾期确认（超期${days}天）` : ACK_STATE_LABELS.confirmed
}

/**
 * The figures beside each other: completion (confirmed at all, late or not, of those who must) and
 * on time (confirmed by the deadline), as whole percentages; null while nobody has to confirm.
 */
export function confirmationRates(f: { required: number; confirmed: number; late: number }): {
  completion: number | null
  onTime: number | null
} {
  if (f.required <= 0) return { completion: null, onTime: null }
  const pct = (n: number) => Math.floor((Math.max(0, n) * 100) / f.required)
  return { completion: pct(f.confirmed), onTime: pct(f.confirmed - f.late) }
}

/** What a confirmation's hash covers, in a fixed order: change any of it and the chain breaks. */
export function canonicalAcknowledgement(a: {
  enterpriseId: string
  seq: number
  employeeId: string
  postId: string
  assignmentId: string
  versionId: string
  version: number
  contentHash: string
  userId: string
  confirmedAt: Date
  clientIp: string | null
  userAgent: string | null
  signatureKind: string
  signature: string
}): string {
  return JSON.stringify([
    a.enterpriseId,
    a.seq,
    a.employeeId,
    a.postId,
    a.assignmentId,
    a.versionId,
    a.version,
    a.contentHash,
    a.userId,
    a.confirmedAt.toISOString(),
    a.clientIp ?? '',
    a.userAgent ?? '',
    a.signatureKind,
    a.signature,
  ])
}

/** The first link of every enterprise's chain. */
export const GENESIS_HASH = '0'.repeat(64)
