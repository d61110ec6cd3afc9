import { describe, expect, it } from 'vitest'
import { canChangeSchedule, canDoCheck, canManagePlans, canReviewChecks } from '../../app/modules/checks/policy'
import {
  currentPeriods,
  isoWeek,
  periodFromKey,
  periodOf,
  periodsBetween,
  periodState,
  scheduleOf,
  type PlanSchedule,
} from '../../app/modules/checks/rules'

// 隐患排查's periods on the Asia/Shanghai calendar (plain days): the edges of weeks, months, quarters and
// years, leap years, and when a period's check is due, done or missed.

const plan = (frequency: PlanSchedule['frequency'], startOn: string, endOn: string | null = null, shifts = 1): PlanSchedule => ({
  frequency,
  shifts,
  startOn,
  endOn,
})

describe('periods', () => {
  it('a month runs to its last day: 28 or 29 February, 30 and 31', () => {
    expect(periodOf('monthly', '2027-02-10')).toMatchObject({ key: '2027-02', start: '2027-02-01', end: '2027-02-28' })
    expect(periodOf('monthly', '2028-02-29')).toMatchObject({ key: '2028-02', start: '2028-02-01', end: '2028-02-29' })
    expect(periodOf('monthly', '2026-04-30')).toMatchObject({ end: '2026-04-30' })
    expect(periodOf('monthly', '2026-12-31')).toMatchObject({ key: '2026-12', end: '2026-12-31' })
  })
  it('quarters and years end on 31 March, 30 June, 30 September, 31 December', () => {
    expect(periodOf('quarterly', '2026-03-31')).toMatchObject({ key: '2026-Q1', start: '2026-01-01', end: '2026-03-31' })
    expect(periodOf('quarterly', '2026-04-01')).toMatchObject({ key: '2026-Q2', end: '2026-06-30' })
    expect(periodOf('quarterly', '2026-09-30')).toMatchObject({ key: '2026-Q3', end: '2026-09-30' })
    expect(periodOf('yearly', '2028-02-29')).toMatchObject({ key: '2028', start: '2028-01-01', end: '2028-12-31' })
  })
  it('weeks run Monday to Sunday and belong to the ISO year of their Thursday', () => {
    // 2026-11-30 is a Monday
    expect(periodOf('weekly', '2026-11-30')).toMatchObject({ key: '2026-W49', start: '2026-11-30', end: '2026-12-06' })
    expect(periodOf('weekly', '2026-12-06')).toMatchObject({ key: '2026-W49' })
    // 2026-12-31 (Thursday) is in 2026-W53; 2027-01-03 (Sunday) too; 2027-01-04 starts 2027-W01
    expect(isoWeek('2026-12-31')).toMatchObject({ year: 2026, week: 53 })
    expect(periodOf('weekly', '2027-01-03')).toMatchObject({ key: '2026-W53', start: '2026-12-28', end: '2027-01-03' })
    expect(periodOf('weekly', '2027-01-04')).toMatchObject({ key: '2027-W01', start: '2027-01-04' })
    // 2024-12-30 (Monday) is already 2025-W01
    expect(periodOf('weekly', '2024-12-31')).toMatchObject({ key: '2025-W01', start: '2024-12-30', end: '2025-01-05' })
  })
  it('a 每班 plan has one period per shift of each day', () => {
    const periods = periodsBetween(plan('shift', '2028-02-28', null, 3), '2028-02-28', '2028-03-01')
    expect(periods.map((p) => p.key)).toEqual([
      '2028-02-28#1',
      '2028-02-28#2',
      '2028-02-28#3',
      '2028-02-29#1',
      '2028-02-29#2',
      '2028-02-29#3',
      '2028-03-01#1',
      '2028-03-01#2',
      '2028-03-01#3',
    ])
  })
  it('a plan that starts or ends mid-period still owes that period', () => {
    expect(periodsBetween(plan('monthly', '2026-01-31', '2026-03-01'), '2026-01-01', '2026-12-31').map((p) => p.key)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ])
    expect(periodsBetween(plan('daily', '2027-02-27'), '2027-02-01', '2027-03-01').map((p) => p.key)).toEqual([
      '2027-02-27',
      '2027-02-28',
      '2027-03-01',
    ])
    expect(periodsBetween(plan('daily', '2027-03-02'), '2027-02-01', '2027-03-01')).toEqual([])
  })
  it('keys read back into their period, and nothing else does', () => {
    for (const [f, day] of [
      ['daily', '2028-02-29'],
      ['weekly', '2027-01-03'],
      ['monthly', '2027-02-15'],
      ['quarterly', '2026-11-30'],
      ['yearly', '2026-06-01'],
    ] as const)
      expect(periodFromKey(f, 1, periodOf(f, day).key)).toEqual(periodOf(f, day))
    expect(periodFromKey('shift', 3, '2026-11-30#3')).toEqual(periodOf('shift', '2026-11-30', 3))
    expect(periodFromKey('shift', 3, '2026-11-30#4')).toBeNull()
    expect(periodFromKey('daily', 1, '2027-02-29')).toBeNull()
    expect(periodFromKey('daily', 1, '2026-11')).toBeNull()
    expect(periodFromKey('weekly', 1, '2026-W54')).toBeNull()
    expect(periodFromKey('monthly', 1, '2026-13')).toBeNull()
    expect(periodFromKey('monthly', 1, "2026-11'; drop")).toBeNull()
  })
})

describe('due, done and missed', () => {
  const feb = periodOf('monthly', '2028-02-10')
  it('a period is due while it runs, missed from the day after its last day, done once filled', () => {
    expect(periodState(feb, '2028-01-31', false)).toBe('upcoming')
    expect(periodState(feb, '2028-02-01', false)).toBe('due')
    expect(periodState(feb, '2028-02-29', false)).toBe('due')
    expect(periodState(feb, '2028-03-01', false)).toBe('overdue')
    expect(periodState(feb, '2028-03-01', true)).toBe('done')
  })
  it('a check may be done only in the running period of an active plan', () => {
    expect(currentPeriods(plan('weekly', '2026-12-02'), '2026-12-01')).toEqual([])
    expect(currentPeriods(plan('weekly', '2026-12-02'), '2026-12-03').map((p) => p.key)).toEqual(['2026-W49'])
    // ended on Wednesday: that week is still owed until Sunday, the next is not
    expect(currentPeriods(plan('weekly', '2026-11-01', '2026-12-02'), '2026-12-06').map((p) => p.key)).toEqual(['2026-W49'])
    expect(currentPeriods(plan('weekly', '2026-11-01', '2026-12-02'), '2026-12-07')).toEqual([])
    expect(currentPeriods(plan('shift', '2026-11-01', null, 2), '2026-12-07').map((p) => p.key)).toEqual(['2026-12-07#1', '2026-12-07#2'])
  })
  it('the schedule counts periods fallen due (passed, or done early) against those done', () => {
    const periods = periodsBetween(plan('daily', '2027-02-26'), '2027-02-26', '2027-03-01')
    const s = scheduleOf(periods, new Set(['2027-02-26', '2027-03-01']), '2027-03-01')
    expect(s).toEqual({ due: 4, done: 2, missed: 2, open: 0 })
    expect(scheduleOf(periods, new Set(['2027-02-26']), '2027-03-01')).toEqual({ due: 3, done: 1, missed: 2, open: 1 })
  })
})

describe('policy', () => {
  it('only the safety administrator plans; admins and heads read; a checker holds the post', () => {
    expect(canManagePlans('enterprise_admin').ok).toBe(true)
    expect(canManagePlans('enterprise_head').ok).toBe(false)
    expect(canReviewChecks('enterprise_head').ok).toBe(true)
    expect(canReviewChecks('worker').ok).toBe(false)
    expect(canDoCheck({ role: 'worker', employeeId: 'e' }, ['p1', 'p2'], 'p2').ok).toBe(true)
    expect(canDoCheck({ role: 'worker', employeeId: 'e' }, ['p1'], 'p2')).toEqual({ ok: false, message: '该排查计划由其他岗位的人员执行' })
    expect(canDoCheck({ role: 'enterprise_admin', employeeId: null }, ['p2'], 'p2').ok).toBe(false)
    expect(canDoCheck({ role: 'regulator', employeeId: 'e' }, ['p2'], 'p2').ok).toBe(false)
    expect(canChangeSchedule(0).ok).toBe(true)
    expect(canChangeSchedule(1).ok).toBe(false)
  })
})

describe('item 14 counts checks done on schedule', () => {
  const hazards = { total: 3, open: 1, overdue: 0, closedThisQuarter: 2, majorOpen: 0, majorSupervised: 0, majorWithoutPlan: 0 }
  const checks = { plans: 2, due: 10, done: 10, missed: 0, quarterLabel: '2026年第4季度' }
  it('all periods checked and hazards in time: 已落实; a missed period or no plan at all: 部分落实', async () => {
    const { deriveHazards } = await import('../../app/modules/obligations/rules')
    expect(deriveHazards(hazards, checks)).toMatchObject({
      status: '已落实',
      figures: [{ label: '2026年第4季度按期排查', value: '10 / 10', href: '/enterprise/checks', bad: false }, {}, {}, {}, {}],
    })
    expect(deriveHazards(hazards, { ...checks, done: 8, missed: 2 })).toMatchObject({
      status: '部分落实',
      explanation: '2 期隐患排查逾期未做',
      figures: [{ value: '8 / 10', bad: true }, {}, {}, {}, {}],
    })
    expect(deriveHazards(hazards, { ...checks, plans: 0, due: 0, done: 0 })).toMatchObject({
      status: '部分落实',
      explanation: '尚未制定隐患排查计划',
    })
    // checks that found nothing are records of 排查: not 未落实 for want of hazards
    expect(deriveHazards({ ...hazards, total: 0, open: 0, closedThisQuarter: 0 }, checks).status).toBe('已落实')
    expect(deriveHazards({ ...hazards, total: 0, open: 0, closedThisQuarter: 0 }, { ...checks, done: 0, missed: 10 }).status).toBe('未落实')
  })
})
