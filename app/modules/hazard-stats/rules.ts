import type { HazardGrade, HazardStatsRow, HazardStatsSnapshot, HazardStatus } from '../../../db/types'
import { ANNUAL_DUE, QUARTERLY_DUE, type DueDay } from '../../../seeds/hazard-stats'
import { addDays, lastDayOfMonth } from '../../utils/calendar'
import { isHazardOverdue } from '../hazards/rules'

// 隐患排查治理统计分析表 (16号令 §14): the periods, their due dates (reference data in
// seeds/hazard-stats.ts, with the source), whether a table came in on time, and the definition of
// every figure. Pure; tested in tests/unit/hazard-stats-rules.test.ts.
//
// Every figure is "as at the end of the period" (24:00 Asia/Shanghai of its last day): it is read from
// the hazards' append-only history, so a table generated on 2 January or on 30 January for the fourth
// quarter holds the same figures, and what happened after the period is the next table's.

export interface Period {
  /** 2026-Q3, 2026-Y */
  key: string
  kind: 'quarter' | 'year'
  year: number
  quarter: 1 | 2 | 3 | 4 | null
  /** first and last calendar day */
  start: string
  end: string
  /** the last day on which the signed table is on time */
  dueOn: string
  /** 2026年第三季度, 2026年度 */
  label: string
}

const QUARTER_NAMES = { 1: '一', 2: '二', 3: '三', 4: '四' } as const
const pad = (n: number) => String(n).padStart(2, '0')
const dueDay = (year: number, d: DueDay) => `${d.nextYear ? year + 1 : year}-${pad(d.month)}-${pad(d.day)}`

export function quarterPeriod(year: number, quarter: 1 | 2 | 3 | 4): Period {
  const lastMonth = quarter * 3
  return {
    key: `${year}-Q${quarter}`,
    kind: 'quarter',
    year,
    quarter,
    start: `${year}-${pad(lastMonth - 2)}-01`,
    end: lastDayOfMonth(year, lastMonth),
    dueOn: dueDay(year, QUARTERLY_DUE[quarter]),
    label: `${year}年第${QUARTER_NAMES[quarter]}季度`,
  }
}

export function yearPeriod(year: number): Period {
  return {
    key: `${year}-Y`,
    kind: 'year',
    year,
    quarter: null,
    start: `${year}-01-01`,
    end: `${year}-12-31`,
    dueOn: dueDay(year, ANNUAL_DUE),
    label: `${year}年度`,
  }
}

/** A period from its key, or null for anything else (a URL or a form field). */
export function parsePeriod(key: string): Period | null {
  const m = /^(\d{4})-(Q([1-4])|Y)$/.exec(key)
  if (!m) return null
  const year = Number(m[1])
  if (year < 2000 || year > 2100) return null
  return m[3] ? quarterPeriod(year, Number(m[3]) as 1 | 2 | 3 | 4) : yearPeriod(year)
}

/** The instant a calendar day begins in Asia/Shanghai. */
export function shanghaiMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`)
}

/** The moment the period's table becomes late: the end of its due day, 24:00 Asia/Shanghai. */
export function dueEnd(p: Pick<Period, 'dueOn'>): Date {
  return shanghaiMidnight(addDays(p.dueOn, 1))
}

/** The instant a period is over: 24:00 Asia/Shanghai of its last day. */
export function periodEndsAt(p: Pick<Period, 'end'>): Date {
  return shanghaiMidnight(addDays(p.end, 1))
}

/** A table can be drawn up only once its period is over (from the first day after it). */
export function hasEnded(p: Pick<Period, 'end'>, today: string): boolean {
  return p.end < today
}

/** Whether a period's table came in: 待报送 (not yet due), 按期, 逾期报送 (signed after the due day), 逾期未报. */
export type DueState = 'pending' | 'on_time' | 'late' | 'missing'
export const DUE_STATE_LABELS: Record<DueState, string> = { pending: '待报送', on_time: '按期报送', late: '逾期报送', missing: '逾期未报' }

export function dueState(p: Pick<Period, 'dueOn'>, signedAt: Date | null, now: Date): DueState {
  const end = dueEnd(p).getTime()
  if (signedAt) return signedAt.getTime() < end ? 'on_time' : 'late'
  return now.getTime() < end ? 'pending' : 'missing'
}

function periodsOfYear(year: number): Period[] {
  return [quarterPeriod(year, 1), quarterPeriod(year, 2), quarterPeriod(year, 3), quarterPeriod(year, 4), yearPeriod(year)]
}

/**
 * The periods whose due day passed most recently (the end of their due day is at or before the start of
 * `today`): one quarter, or the fourth quarter and the year together from 1 February. These are the
 * tables the regulator's red flag and the enterprise's 下一步 look at.
 */
export function latestDuePeriods(today: string): Period[] {
  const year = Number(today.slice(0, 4))
  const past = [year - 2, year - 1, year].flatMap(periodsOfYear).filter((p) => p.dueOn < today)
  const latest = past.reduce((d, p) => (p.dueOn > d ? p.dueOn : d), '')
  return past.filter((p) => p.dueOn === latest)
}

/** The periods that have ended but whose due day has not passed: tables to draw up and sign now. */
export function openPeriods(today: string): Period[] {
  const year = Number(today.slice(0, 4))
  return [year - 1, year].flatMap(periodsOfYear).filter((p) => hasEnded(p, today) && p.dueOn >= today)
}

/** The ended periods shown on the enterprise's page, newest first: the last eight quarters and two years. */
export function recentPeriods(today: string): Period[] {
  const year = Number(today.slice(0, 4))
  const ended = [year - 2, year - 1, year].flatMap(periodsOfYear).filter((p) => hasEnded(p, today))
  const quarters = ended.filter((p) => p.kind === 'quarter').slice(-8)
  const years = ended.filter((p) => p.kind === 'year').slice(-2)
  return [...quarters, ...years].sort((a, b) => (a.end === b.end ? (a.kind === 'year' ? -1 : 1) : a.end < b.end ? 1 : -1))
}

// ---- the figures --------------------------------------------------------------------------------

/** One hazard as the table needs it, read from the hazards module (its row and its history). */
export interface HazardFact {
  source: 'self' | 'check' | 'worker' | 'regulator'
  /** the grade given at 定级 (it never changes afterwards) */
  grade: HazardGrade | null
  foundAt: Date
  /** when it was graded (the 定级并指派 step), if it was */
  assignedAt: Date | null
  deadline: string | null
  /** 治理资金 in yuan */
  funds: number | null
  /** the state its history shows at the end of the period (the last step taken before it ends) */
  statusAtEnd: HazardStatus | null
  /** 销号 (一般) or 核销 (重大) */
  closedAt: Date | null
  /** 挂牌督办 */
  supervisedAt: Date | null
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null)

/**
 * The table's figures for a period (16号令 §14; the columns of the 隐患排查治理情况统计分析表):
 * - 排查发现 (found): found within the period; by grade as graded by its end (待定级 apart), by source;
 * - 已整改 (rectified): of those, closed (一般 销号, 重大 核销) by the period's end; 整改率 = rectified / found;
 * - 本期销号 (closedInPeriod): closed within the period, whenever found (earlier periods' hazards too);
 * - 期末未销号 (openAtEnd): found by the end and not closed by it; 其中逾期 (overdueAtEnd): its deadline
 *   passed by the end (a deadline on the period's last day has passed at 24:00) while it was being
 *   rectified, verified or governed (a 重大 hazard waiting for the department's 核销 is not the
 *   enterprise's delay, as isHazardOverdue says);
 * - 重大 by status at the end: under 挂牌督办 (open), 治理中, 待核销, and 本期核销;
 * - 治理资金: committed by grading within the period, and of the hazards closed within it.
 * Hazards found after the period, and those closed before it began, do not enter it.
 */
export function hazardStatsFigures(
  facts: readonly HazardFact[],
  period: Period,
): Omit<HazardStatsSnapshot, 'period' | 'label' | 'start' | 'end' | 'dueOn'> {
  const from = shanghaiMidnight(period.start).getTime()
  const to = dueEndOfDay(period.end)
  const within = (d: Date | null) => !!d && d.getTime() >= from && d.getTime() < to
  const byEnd = (d: Date | null) => !!d && d.getTime() < to
  const dayAfter = addDays(period.end, 1)
  const rows = facts
    .filter((f) => byEnd(f.foundAt))
    .map((f) => {
      const grade = byEnd(f.assignedAt) ? f.grade : null
      const closed = byEnd(f.closedAt)
      const open = !closed
      return {
        f,
        grade,
        found: within(f.foundAt),
        closed,
        closedWithin: within(f.closedAt),
        open,
        overdue: open && !!f.statusAtEnd && isHazardOverdue({ status: f.statusAtEnd, deadline: f.deadline }, dayAfter),
      }
    })
  const row = (keep: (r: (typeof rows)[number]) => boolean): HazardStatsRow => {
    const rs = rows.filter(keep)
    const found = rs.filter((r) => r.found).length
    const rectified = rs.filter((r) => r.found && r.closed).length
    return {
      found,
      rectified,
      rate: rate(rectified, found),
      closedInPeriod: rs.filter((r) => r.closedWithin).length,
      openAtEnd: rs.filter((r) => r.open).length,
      overdueAtEnd: rs.filter((r) => r.overdue).length,
    }
  }
  const major = rows.filter((r) => r.grade === 'major')
  const sum = (xs: (typeof rows)[number][]) => Math.round(xs.reduce((a, r) => a + (r.f.funds ?? 0), 0) * 100) / 100
  const found = rows.filter((r) => r.found)
  return {
    general: row((r) => r.grade === 'general'),
    major: row((r) => r.grade === 'major'),
    total: row(() => true),
    ungraded: found.filter((r) => r.grade === null).length,
    bySource: {
      self: found.filter((r) => r.f.source === 'self').length,
      check: found.filter((r) => r.f.source === 'check').length,
      worker: found.filter((r) => r.f.source === 'worker').length,
      regulator: found.filter((r) => r.f.source === 'regulator').length,
    },
    majorStatus: {
      supervised: major.filter((r) => r.open && byEnd(r.f.supervisedAt)).length,
      governing: major.filter((r) => r.open && r.f.statusAtEnd === 'governing').length,
      awaitingWriteOff: major.filter((r) => r.open && r.f.statusAtEnd === 'resume_requested').length,
      writtenOff: major.filter((r) => r.closedWithin).length,
    },
    funds: {
      committed: sum(rows.filter((r) => r.grade !== null && within(r.f.assignedAt))),
      completed: sum(rows.filter((r) => r.grade !== null && r.closedWithin)),
    },
  }
}

/** The instant a calendar day ends (24:00 Asia/Shanghai), as milliseconds. */
function dueEndOfDay(day: string): number {
  return shanghaiMidnight(addDays(day, 1)).getTime()
}

/** The snapshot frozen into the table when it is generated. */
export function hazardStatsSnapshot(facts: readonly HazardFact[], period: Period): HazardStatsSnapshot {
  return {
    period: period.key,
    label: period.label,
    start: period.start,
    end: period.end,
    dueOn: period.dueOn,
    ...hazardStatsFigures(facts, period),
  }
}

/** 整改率 as the table prints it. */
export function rateText(r: number | null): string {
  return r === null ? '—' : `${r}%`
}

export type StatsLine = {
  section: string
  label: string
  /** 一般 / 重大 / 合计; a figure that has no grade split is in `total` only */
  general: string
  major: string
  total: string
}

/** The table's lines in print order: the one layout of the page, the print and the .xlsx. */
export function statsLines(s: HazardStatsSnapshot): StatsLine[] {
  const n = (x: number) => String(x)
  const graded = (label: string, pick: (r: HazardStatsRow) => string): StatsLine => ({
    section: '隐患排查治理情况',
    label,
    general: pick(s.general),
    major: pick(s.major),
    total: pick(s.total),
  })
  const single = (section: string, label: string, value: string): StatsLine => ({ section, label, general: '', major: '', total: value })
  const yuan = (x: number) => x.toFixed(2)
  return [
    graded('本期排查发现隐患（项）', (r) => n(r.found)),
    graded('其中：期末已整改销号（项）', (r) => n(r.rectified)),
    graded('整改率', (r) => rateText(r.rate)),
    graded('本期销号（含以前期间发现，项）', (r) => n(r.closedInPeriod)),
    graded('期末未销号（项）', (r) => n(r.openAtEnd)),
    graded('其中：逾期未整改（项）', (r) => n(r.overdueAtEnd)),
    single('隐患排查治理情况', '本期发现、期末尚未定级（项）', n(s.ungraded)),
    single('本期发现隐患的来源', '自查', n(s.bySource.self)),
    single('本期发现隐患的来源', '排查任务', n(s.bySource.check)),
    single('本期发现隐患的来源', '员工报告', n(s.bySource.worker)),
    single('本期发现隐患的来源', '监管部门检查', n(s.bySource.regulator)),
    single('重大事故隐患（期末状态）', '挂牌督办中', n(s.majorStatus.supervised)),
    single('重大事故隐患（期末状态）', '治理中', n(s.majorStatus.governing)),
    single('重大事故隐患（期末状态）', '已申请恢复生产、待核销', n(s.majorStatus.awaitingWriteOff)),
    single('重大事故隐患（期末状态）', '本期经监管部门核销', n(s.majorStatus.writtenOff)),
    single('治理资金（元）', '本期定级时落实的治理资金', yuan(s.funds.committed)),
    single('治理资金（元）', '本期销号隐患的治理资金', yuan(s.funds.completed)),
  ]
}
