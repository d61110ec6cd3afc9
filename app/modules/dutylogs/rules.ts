import type { AssessmentPeriod, AssessmentResult } from '../../../db/types'
import { addDays, lastDayOfMonth } from '../../utils/calendar'

// Pure rules of 履职留痕 on the enterprise side: who keeps a monthly 履职记录, which months are due,
// the assessment periods of 责任制考核, the weighted score and the result it suggests. No I/O; tested in
// tests/unit/dutylog-rules.test.ts.

export const PERIOD_LABELS: Record<AssessmentPeriod, string> = { month: '每月', quarter: '每季度', year: '每年' }
export const RESULTS = ['优秀', '合格', '不合格'] as const satisfies readonly AssessmentResult[]

/** A 履职记录 form sent again after its line was removed: not written back (its key is spent; the page hands back a new one). */
export const REMOVED_LINE = '这条记录已被删除，未重新添加；如确需再次添加，请重新提交'

/** 履职记录 is kept by the holders of tier 1–4 posts (负责人 and 管理人员) and by safety staff (安全管理人员). */
export function keepsDutyLog(posts: readonly { tier: number; isSafetyManager: boolean }[]): boolean {
  return posts.some((p) => p.tier <= 4 || p.isSafetyManager)
}

/** YYYY-MM of a calendar day (YYYY-MM-DD). */
export function monthOf(day: string): string {
  return day.slice(0, 7)
}

/** The first and last calendar day of a month YYYY-MM. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return { from: `${month}-01`, to: lastDayOfMonth(y, m) }
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** 2026-11 → 2026年11月 */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return `${y}年${m}月`
}

export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
}

/**
 * The months whose 履职记录 must be signed by now: every full month since the person began keeping one
 * (the month after they took a tier 1–4 or safety post, since their first month is partial) up to and
 * including last month, at most `limit` months back. The current month is still being kept.
 */
export function dueMonths(input: { keepingSince: string; today: string; limit?: number }): string[] {
  const current = monthOf(input.today)
  const since = monthOf(input.keepingSince)
  const first = input.keepingSince.endsWith('-01') ? since : nextMonth(since)
  const months: string[] = []
  for (let m = previousMonth(current); m >= first && months.length < (input.limit ?? 12); m = previousMonth(m)) months.unshift(m)
  return months
}

/** Months due but not signed, oldest first. */
export function missingMonths(due: readonly string[], signed: ReadonlySet<string>): string[] {
  return due.filter((m) => !signed.has(m))
}

/** The assessment period a day falls in: its key (2026-11, 2026-Q4, 2026), label and calendar range. */
export function periodOf(kind: AssessmentPeriod, day: string): { key: string; label: string; from: string; to: string } {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  if (kind === 'month') {
    const key = monthOf(day)
    return { key, label: monthLabel(key), ...monthRange(key) }
  }
  if (kind === 'quarter') {
    const q = Math.floor((m - 1) / 3) + 1
    const first = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}`
    const last = `${y}-${String(q * 3).padStart(2, '0')}`
    return { key: `${y}-Q${q}`, label: `${y}年第${q}季度`, from: monthRange(first).from, to: monthRange(last).to }
  }
  return { key: String(y), label: `${y}年度`, from: `${y}-01-01`, to: `${y}-12-31` }
}

/** The period just before the one a day falls in (what is assessed once it has ended). */
export function previousPeriod(kind: AssessmentPeriod, day: string): { key: string; label: string; from: string; to: string } {
  const current = periodOf(kind, day)
  return periodOf(kind, addDays(current.from, -1))
}

/** Parses a period key back (a URL parameter); null when it is not one of the enterprise's kind. */
export function parsePeriodKey(kind: AssessmentPeriod, key: string): { key: string; label: string; from: string; to: string } | null {
  const patterns: Record<AssessmentPeriod, RegExp> = { month: /^\d{4}-(0[1-9]|1[0-2])$/, quarter: /^\d{4}-Q[1-4]$/, year: /^\d{4}$/ }
  if (!patterns[kind].test(key)) return null
  const y = Number(key.slice(0, 4))
  if (y < 2000 || y > 2100) return null
  if (kind === 'month') return periodOf(kind, `${key}-01`)
  if (kind === 'quarter') return periodOf(kind, `${y}-${String((Number(key.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`)
  return periodOf(kind, `${y}-01-01`)
}

export interface ScoredItem {
  weight: number
  /** 0–100: how far the duty was performed against its 考核标准 */
  score: number
}

/** The weighted score of an assessment, 0–100, rounded; null without items. */
export function weightedScore(items: readonly ScoredItem[]): number | null {
  const total = items.reduce((n, i) => n + i.weight, 0)
  if (!items.length || total <= 0) return null
  return Math.round(items.reduce((n, i) => n + i.weight * i.score, 0) / total)
}

/** The result a score suggests (the assessor decides): ≥90 优秀, ≥60 合格, below 不合格. */
export function suggestedResult(score: number): AssessmentResult {
  return score >= 90 ? '优秀' : score >= 60 ? '合格' : '不合格'
}

/** Item 1's assessment figures: the share of people due an assessment who have one this period, and the 不合格. */
export function assessmentShares(f: { due: number; assessed: number; failed: number; failedWithFollowUp: number }) {
  return {
    assessedShare: f.due ? Math.round((f.assessed / f.due) * 100) : null,
    failedShare: f.assessed ? Math.round((f.failed / f.assessed) * 100) : null,
    followUpMissing: f.failed - f.failedWithFollowUp,
  }
}

/** One row of a 履职统计表: 序号 is its place in the sheet, 时间 its day. */
export interface LogRow {
  occurredOn: string
  content: string
  participants: string
  remark: string
}

/** 2026-11-05 → 2026年11月5日 (the template's 时间 column). */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${d}日`
}

/**
 * A 履职统计表 as plain rows (序号, 时间, 工作内容, 参加人员, 备注), sorted by day: the one shape the
 * page, the A4 print and the .xlsx share. Pure, so another ledger may reuse it.
 */
export function dutyTableRows(
  rows: readonly LogRow[],
): { no: number; time: string; content: string; participants: string; remark: string }[] {
  return [...rows]
    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn))
    .map((r, i) => ({ no: i + 1, time: dayLabel(r.occurredOn), content: r.content, participants: r.participants, remark: r.remark }))
}
