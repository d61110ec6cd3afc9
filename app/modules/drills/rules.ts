import { addDays, addWorkingDays, addYears, halfYearOf, workingDaysBetween, yearOf } from '../../utils/calendar'

// The drill-frequency engine (DESIGN 2.5). Minimums for the enterprise as a whole, in calendar
// periods: at least one 综合 or 专项 drill each year — each half-year for the high-risk and crowded
// places of 《生产安全事故应急条例》 §8 — and at least one 现场处置方案 drill each half-year
// (《生产安全事故应急预案管理办法》 第三十三条). Pure; unit-tested.

export type DrillRequirement = 'comprehensive_or_special' | 'onsite'
export type Period = 'year' | 'half'

export const REQUIREMENT_LABELS: Record<DrillRequirement, string> = {
  comprehensive_or_special: '综合或专项应急预案演练',
  onsite: '现场处置方案演练',
}

export function requiredPeriods(halfYearlyIndustry: boolean): Record<DrillRequirement, Period> {
  return { comprehensive_or_special: halfYearlyIndustry ? 'half' : 'year', onsite: 'half' }
}

/** The calendar period a day falls in: [first day, last day]. */
export function periodOf(day: string, period: Period): { start: string; end: string } {
  return period === 'year' ? yearOf(day) : halfYearOf(day)
}

const dayAfter = (day: string) => addDays(day, 1)
const dayBefore = (day: string) => addDays(day, -1)

export interface RequirementStatus {
  requirement: DrillRequirement
  period: Period
  lastHeldOn: string | null
  /** a drill is held in the current period */
  doneThisPeriod: boolean
  /** the last day by which the next drill is due */
  nextDue: string
  /** the previous period ended without one (and nothing yet this period) */
  overdue: boolean
  never: boolean
}

/**
 * Where the enterprise stands for one requirement on `today`: done this period (next due at the end
 * of the next period), or due by the end of this one; overdue when the previous period passed without
 * a drill and none has been held since.
 */
export function requirementStatus(requirement: DrillRequirement, period: Period, drillDays: string[], today: string): RequirementStatus {
  const current = periodOf(today, period)
  const previous = periodOf(dayBefore(current.start), period)
  const next = periodOf(dayAfter(current.end), period)
  const past = drillDays.filter((d) => d <= today).sort()
  const lastHeldOn = past.length ? past[past.length - 1]! : null
  const doneThisPeriod = past.some((d) => d >= current.start)
  const doneLastPeriod = past.some((d) => d >= previous.start && d <= previous.end)
  return {
    requirement,
    period,
    lastHeldOn,
    doneThisPeriod,
    nextDue: doneThisPeriod ? next.end : current.end,
    overdue: !doneThisPeriod && !doneLastPeriod,
    never: past.length === 0,
  }
}

/** Which requirement a drill of a plan of this kind counts towards. */
export function requirementOf(planKind: string): DrillRequirement {
  return planKind === '现场处置方案' ? 'onsite' : 'comprehensive_or_special'
}

/** 评估 every 3 years for high-risk and medium-or-larger units: the next review of a plan. */
export function nextPlanReview(plan: { issuedOn: string; reviewedOn: string | null }): string {
  return addYears(plan.reviewedOn ?? plan.issuedOn, 3)
}

/**
 * 备案 within 20 working days of issue (《生产安全事故应急预案管理办法》第二十六条), counted with China's
 * statutory holidays and 调休 make-up workdays (the calendar module).
 */
export const FILING_WORKING_DAYS = 20
export function filingDeadline(issuedOn: string): string {
  return addWorkingDays(issuedOn, FILING_WORKING_DAYS)
}

/** A plan's 备案: on time, late (逾期备案, by how many working days), or not yet filed (and whether overdue). */
export function filingState(
  plan: { issuedOn: string; filedOn: string | null },
  today: string,
): { state: 'filed' | 'late' | 'due' | 'overdue'; due: string; daysLate: number } {
  const due = filingDeadline(plan.issuedOn)
  if (plan.filedOn) {
    const daysLate = plan.filedOn > due ? workingDaysBetween(due, plan.filedOn) : 0
    return { state: daysLate > 0 ? 'late' : 'filed', due, daysLate }
  }
  const daysLate = today > due ? workingDaysBetween(due, today) : 0
  return { state: daysLate > 0 ? 'overdue' : 'due', due, daysLate }
}
