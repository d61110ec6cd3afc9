import { addDays, daysBetween, isCalendarDay, lastDayOfMonth, quarterOf, weekdayOf } from '../../utils/calendar'
import { CHECK_FREQUENCIES, CHECK_KINDS, type CheckFrequency, type CheckKind } from '../../../seeds/hazard-checks'

// Pure rules of 隐患排查: the periods a plan recurs in (on the Asia/Shanghai calendar, as
// 'YYYY-MM-DD' days), which of them are done, due or missed, and the on-schedule figure of item 14.
// No cron: the task of a period exists implicitly (the plan and the clock say it is due), and a check
// record fills it. Unit-tested in tests/unit/check-rules.test.ts.

export interface Period {
  /** 2026-11-30#2 (每班), 2026-11-30, 2026-W48, 2026-11, 2026-Q4, 2026 */
  key: string
  start: string
  end: string
  label: string
}

export interface PlanSchedule {
  frequency: CheckFrequency
  /** 每班: shifts a day (1–4); 1 otherwise */
  shifts: number
  startOn: string
  endOn: string | null
}

export type PeriodState = 'done' | 'due' | 'overdue' | 'upcoming'

const pad = (n: number, w = 2) => String(n).padStart(w, '0')
const weekday = (day: string) => (weekdayOf(day) + 6) % 7 // Monday 0 … Sunday 6
const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`

/** ISO 8601 week: Monday to Sunday; the week belongs to the year of its Thursday (so 2026-12-31 may be 2027-W53… or W01). */
export function isoWeek(day: string): { year: number; week: number; start: string; end: string } {
  const start = addDays(day, -weekday(day))
  const thursday = addDays(start, 3)
  const year = Number(thursday.slice(0, 4))
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1
  return { year, week, start, end: addDays(start, 6) }
}

/** The period of a frequency that contains a day (for 每班, the given shift of that day). */
export function periodOf(frequency: CheckFrequency, day: string, shift = 1): Period {
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  switch (frequency) {
    case 'shift':
      return { key: `${day}#${shift}`, start: day, end: day, label: `${md(day)} 第${shift}班` }
    case 'daily':
      return { key: day, start: day, end: day, label: md(day) }
    case 'weekly': {
      const w = isoWeek(day)
      return {
        key: `${w.year}-W${pad(w.week)}`,
        start: w.start,
        end: w.end,
        label: `${w.year}年第${w.week}周（${md(w.start)}—${md(w.end)}）`,
      }
    }
    case 'monthly':
      return {
        key: `${year}-${pad(month)}`,
        start: `${year}-${pad(month)}-01`,
        end: lastDayOfMonth(year, month),
        label: `${year}年${month}月`,
      }
    case 'quarterly': {
      const q = quarterOf(day)
      return { key: `${q.year}-Q${q.quarter}`, start: q.start, end: q.end, label: `${q.year}年第${q.quarter}季度` }
    }
    case 'yearly':
      return { key: String(year), start: `${year}-01-01`, end: `${year}-12-31`, label: `${year}年` }
  }
}

/** The day after a period: where the next one starts. */
function nextStart(p: Period): string {
  return addDays(p.end, 1)
}

/**
 * The plan's periods that overlap [from, to] and its active span (start_on … end_on): a plan that starts
 * on the 20th still owes that month's check, and one that ends mid-week owes that week's. Oldest first.
 * Bounded: at most `limit` periods (the newest kept), so a pathological range cannot run away.
 */
export function periodsBetween(plan: PlanSchedule, from: string, to: string, limit = 2000): Period[] {
  const first = from > plan.startOn ? from : plan.startOn
  const last = plan.endOn && plan.endOn < to ? plan.endOn : to
  if (first > last) return []
  const out: Period[] = []
  const shifts = plan.frequency === 'shift' ? Math.max(1, plan.shifts) : 1
  for (let day = periodOf(plan.frequency, first).start; day <= last;) {
    for (let s = 1; s <= shifts; s++) out.push(periodOf(plan.frequency, day, s))
    if (out.length > limit + shifts) out.splice(0, out.length - limit)
    day = nextStart(out[out.length - 1]!)
  }
  return out.slice(-limit)
}

/** The periods a check may be done in today: today's period (every shift of today for 每班), if the plan is active. */
export function currentPeriods(plan: PlanSchedule, today: string): Period[] {
  if (today < plan.startOn || (plan.endOn && today > periodOf(plan.frequency, plan.endOn).end)) return []
  return periodsBetween({ ...plan, startOn: periodOf(plan.frequency, plan.startOn).start, endOn: null }, today, today)
}

/**
 * A period's state on a day: done once a check fills it; otherwise due while it runs, missed (逾期)
 * once its last day has passed — the check of a passed period cannot be made up afterwards (a check is
 * what was seen that day), so a missed period stays missed.
 */
export function periodState(period: Period, today: string, done: boolean): PeriodState {
  if (done) return 'done'
  if (today > period.end) return 'overdue'
  if (today >= period.start) return 'due'
  return 'upcoming'
}

/** Whether a check submitted on `today` may fill this period (only the running one). */
export function isOpenPeriod(period: Period, today: string): boolean {
  return period.start <= today && today <= period.end
}

/** Parses a period key back into its period, for the frequency; null when it is not one of that frequency's keys. */
export function periodFromKey(frequency: CheckFrequency, shifts: number, key: string): Period | null {
  let day: string
  let shift = 1
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:#(\d))?)?|-W(\d{2})|-Q([1-4]))?$/.exec(key)
  if (!m) return null
  const [, y, mo, d, s, w, q] = m
  if (w) {
    // the Monday of ISO week w: the week of 4 January is week 1
    const jan4 = `${y}-01-04`
    day = addDays(addDays(jan4, -weekday(jan4)), (Number(w) - 1) * 7)
  } else if (q) day = `${y}-${pad((Number(q) - 1) * 3 + 1)}-01`
  else day = `${y}-${mo ?? '01'}-${d ?? '01'}`
  if (s) shift = Number(s)
  if (shift < 1 || shift > (frequency === 'shift' ? shifts : 1)) return null
  // an impossible day (2026-13-01, 2027-02-29) is no period: never a RangeError from a crafted key
  if (!isCalendarDay(day)) return null
  const p = periodOf(frequency, day, shift)
  return p.key === key ? p : null
}

/** The figures of a window (item 14 and the plans page): periods that have fallen due, and those done. */
export interface Schedule {
  /** periods whose check was due by now: passed, or done early in the running one */
  due: number
  done: number
  missed: number
  /** still open today and not yet done */
  open: number
}

export function scheduleOf(periods: Period[], doneKeys: ReadonlySet<string>, today: string): Schedule {
  const s: Schedule = { due: 0, done: 0, missed: 0, open: 0 }
  for (const p of periods) {
    const state = periodState(p, today, doneKeys.has(p.key))
    if (state === 'done') {
      s.due++
      s.done++
    } else if (state === 'overdue') {
      s.due++
      s.missed++
    } else if (state === 'due') s.open++
  }
  return s
}

export function kindName(code: CheckKind): string {
  return CHECK_KINDS.find((k) => k.code === code)!.name
}

export function frequencyName(code: CheckFrequency, shifts = 1): string {
  const name = CHECK_FREQUENCIES.find((f) => f.code === code)!.name
  return code === 'shift' && shifts > 1 ? `${name}（每天${shifts}班）` : name
}

/** The quarter a day is in, as the window item 14 counts checks over. */
export function quarterWindow(today: string): { start: string; end: string; label: string } {
  const q = quarterOf(today)
  return { start: q.start, end: today, label: `${q.year}年第${q.quarter}季度` }
}

/** What a plan item is: one kind of a risk's 管控措施, identified by risk and kind. */
export function itemKey(riskId: string, measureKind: string): string {
  return `${riskId}:${measureKind}`
}
