import { describe, expect, it } from 'vitest'
import { ackState, countingStart, deadlineDate, deadlineInstant, deadlinePeriod } from '../../app/modules/acknowledgements/rules'

const post = (tier: number, extra: Partial<{ inChargeOfSafety: boolean; isSafetyManager: boolean }> = {}) => ({
  tier,
  inChargeOfSafety: false,
  isSafetyManager: false,
  ...extra,
})

describe('deadline period by tier (实施方案: 1个月 / 半个月 / 1周)', () => {
  it('every tier', () => {
    expect(deadlinePeriod(post(1))).toEqual({ months: 1 })
    expect(deadlinePeriod(post(2, { inChargeOfSafety: true }))).toEqual({ months: 1 })
    expect(deadlinePeriod(post(2))).toEqual({ days: 15 })
    expect(deadlinePeriod(post(3))).toEqual({ days: 15 })
    expect(deadlinePeriod(post(3, { isSafetyManager: true }))).toEqual({ months: 1 })
    expect(deadlinePeriod(post(4))).toEqual({ days: 7 })
    expect(deadlinePeriod(post(5))).toEqual({ days: 7 })
    expect(deadlinePeriod(post(5, { isSafetyManager: true }))).toEqual({ months: 1 })
  })
})

describe('《民法典》 §201–202 counting', () => {
  it('the start day is not counted: N days end on start + N', () => {
    expect(deadlineDate('2026-11-23', { days: 7 })).toBe('2026-11-30')
    expect(deadlineDate('2026-11-23', { days: 15 })).toBe('2026-12-08')
    expect(deadlineDate('2026-12-28', { days: 7 })).toBe('2027-01-04')
  })
  it('months end on the same-numbered day, or the last day of a shorter month', () => {
    expect(deadlineDate('2026-03-15', { months: 1 })).toBe('2026-04-15')
    expect(deadlineDate('2026-01-31', { months: 1 })).toBe('2026-02-28')
    expect(deadlineDate('2028-01-31', { months: 1 })).toBe('2028-02-29') // leap year
    expect(deadlineDate('2026-03-31', { months: 1 })).toBe('2026-04-30')
    expect(deadlineDate('2026-12-31', { months: 1 })).toBe('2027-01-31')
    expect(deadlineDate('2024-02-29', { days: 7 })).toBe('2024-03-07')
  })
  it('counting starts at the later of taking the post and the publication', () => {
    expect(countingStart('2026-11-01', '2026-11-20')).toBe('2026-11-20')
    expect(countingStart('2026-11-25', '2026-11-20')).toBe('2026-11-25')
  })
})

describe('the deadline ends at 24:00 Asia/Shanghai', () => {
  const deadline = '2026-11-30'
  it('23:30 Shanghai on the deadline day is still in time', () => {
    const at2330 = new Date('2026-11-30T23:30:00+08:00')
    expect(ackState({ confirmedCurrent: false, confirmedEarlier: false, deadline, now: at2330 })).toBe('pending')
  })
  it('00:00 Shanghai the next day is overdue (16:00 UTC of the deadline day)', () => {
    expect(deadlineInstant(deadline).toISOString()).toBe('2026-11-30T16:00:00.000Z')
    expect(ackState({ confirmedCurrent: false, confirmedEarlier: false, deadline, now: new Date('2026-12-01T00:00:00+08:00') })).toBe(
      'overdue',
    )
  })
  it('a confirmed list is confirmed whatever the date', () => {
    expect(ackState({ confirmedCurrent: true, confirmedEarlier: false, deadline, now: new Date('2027-06-01T00:00:00Z') })).toBe('confirmed')
  })
})

describe('a re-publication during a pending window', () => {
  it('restarts the count from the new publication, and an earlier confirmation makes it 需重新确认', () => {
    // assigned 11-01 to a tier-5 post, v1 published 10-01: due 11-08; v2 published 11-05 while pending
    const period = deadlinePeriod(post(5))
    const v1 = deadlineDate(countingStart('2026-11-01', '2026-10-01'), period)
    const v2 = deadlineDate(countingStart('2026-11-01', '2026-11-05'), period)
    expect(v1).toBe('2026-11-08')
    expect(v2).toBe('2026-11-12')
    const now = new Date('2026-11-10T09:00:00+08:00')
    expect(ackState({ confirmedCurrent: false, confirmedEarlier: false, deadline: v2, now })).toBe('pending')
    expect(ackState({ confirmedCurrent: false, confirmedEarlier: true, deadline: v2, now })).toBe('reconfirm')
    expect(ackState({ confirmedCurrent: false, confirmedEarlier: true, deadline: v2, now: new Date('2026-11-13T00:00:00+08:00') })).toBe(
      'overdue',
    )
  })
})
