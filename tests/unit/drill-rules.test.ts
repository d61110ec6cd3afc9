import { describe, expect, it } from 'vitest'
import { filingDeadline, nextPlanReview, periodOf, requiredPeriods, requirementOf, requirementStatus } from '../../app/modules/drills/rules'

describe('required drill periods', () => {
  it('ordinary industries: yearly 综合/专项, half-yearly 现场处置; high-risk and crowded places: both half-yearly', () => {
    expect(requiredPeriods(false)).toEqual({ comprehensive_or_special: 'year', onsite: 'half' })
    expect(requiredPeriods(true)).toEqual({ comprehensive_or_special: 'half', onsite: 'half' })
    expect(requirementOf('现场处置方案')).toBe('onsite')
    expect(requirementOf('专项预案')).toBe('comprehensive_or_special')
  })
  it('calendar periods at their boundaries', () => {
    expect(periodOf('2026-06-30', 'half')).toEqual({ start: '2026-01-01', end: '2026-06-30' })
    expect(periodOf('2026-07-01', 'half')).toEqual({ start: '2026-07-01', end: '2026-12-31' })
    expect(periodOf('2026-12-31', 'year')).toEqual({ start: '2026-01-01', end: '2026-12-31' })
  })
})

describe('next due date and overdue', () => {
  it('a drill this half-year moves the due date to the end of the next half-year', () => {
    const before = requirementStatus('onsite', 'half', ['2026-03-10'], '2026-11-23')
    expect(before).toMatchObject({ doneThisPeriod: false, nextDue: '2026-12-31', overdue: false, lastHeldOn: '2026-03-10' })
    const after = requirementStatus('onsite', 'half', ['2026-03-10', '2026-11-23'], '2026-11-23')
    expect(after).toMatchObject({ doneThisPeriod: true, nextDue: '2027-06-30', overdue: false })
  })
  it('overdue when the previous period passed without a drill', () => {
    expect(requirementStatus('onsite', 'half', ['2025-12-01'], '2026-11-23')).toMatchObject({ overdue: true, nextDue: '2026-12-31' })
    expect(requirementStatus('comprehensive_or_special', 'year', ['2025-12-31'], '2026-11-23')).toMatchObject({
      overdue: false,
      nextDue: '2026-12-31',
    })
    expect(requirementStatus('comprehensive_or_special', 'year', ['2024-05-01'], '2026-01-02')).toMatchObject({ overdue: true })
  })
  it('year boundary: a drill on 31 December counts for that year, not the next', () => {
    const s = requirementStatus('comprehensive_or_special', 'year', ['2026-12-31'], '2027-01-01')
    expect(s).toMatchObject({ doneThisPeriod: false, overdue: false, nextDue: '2027-12-31' })
  })
  it('never drilled', () => {
    expect(requirementStatus('onsite', 'half', [], '2026-11-23')).toMatchObject({ never: true, overdue: true, lastHeldOn: null })
  })
  it('a drill dated in the future does not count yet', () => {
    expect(requirementStatus('onsite', 'half', ['2026-12-15'], '2026-11-23')).toMatchObject({ doneThisPeriod: false, never: true })
  })
})

describe('plans', () => {
  it('review every 3 years, clamped at month ends', () => {
    expect(nextPlanReview({ issuedOn: '2024-02-29', reviewedOn: null })).toBe('2027-02-28')
    expect(nextPlanReview({ issuedOn: '2020-01-01', reviewedOn: '2025-06-15' })).toBe('2028-06-15')
  })
  it('filing within 20 working days', () => {
    expect(filingDeadline('2026-11-23')).toBe('2026-12-21') // Monday + 4 weeks
    expect(filingDeadline('2026-11-27')).toBe('2026-12-25') // Friday
  })
})
