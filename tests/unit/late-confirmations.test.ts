import { describe, expect, it } from 'vitest'
import { confirmationRates, confirmedLabel, deadlineInstant, lateDays } from '../../app/modules/acknowledgements/rules'

// Late is late: a confirmation after its deadline is 逾期确认, with the days it was late.

describe('lateDays', () => {
  const deadline = '2026-11-30' // ends 2026-11-30 24:00 Shanghai = 2026-11-30T16:00Z
  it('is 0 up to the last instant of the deadline day (Shanghai)', () => {
    expect(lateDays(new Date('2026-11-20T02:00:00Z'), deadline)).toBe(0)
    expect(lateDays(new Date('2026-11-30T15:59:59.999Z'), deadline)).toBe(0)
  })
  it('is 1 from 00:00 of the next Shanghai day, counted in calendar days after that', () => {
    expect(deadlineInstant(deadline).toISOString()).toBe('2026-11-30T16:00:00.000Z')
    expect(lateDays(new Date('2026-11-30T16:00:00Z'), deadline)).toBe(1)
    expect(lateDays(new Date('2026-12-01T15:59:00Z'), deadline)).toBe(1) // 23:59 on 12-01 Shanghai
    expect(lateDays(new Date('2026-12-03T01:00:00Z'), deadline)).toBe(3) // 09:00 on 12-03 Shanghai
  })
  it('crosses month and year ends', () => {
    expect(lateDays(new Date('2027-01-01T00:00:00Z'), '2026-12-31')).toBe(1)
    expect(lateDays(new Date('2026-03-01T08:00:00Z'), '2026-02-28')).toBe(1)
  })
  it('labels', () => {
    expect(confirmedLabel(0)).toBe('已确认')
    expect(confirmedLabel(3)).toBe('逾期确认（超期3天）')
  })
})

describe('confirmationRates', () => {
  it('a late confirmation counts as done, never as on time', () => {
    expect(confirmationRates({ required: 4, confirmed: 3, late: 1 })).toEqual({ completion: 75, onTime: 50 })
  })
  it('rounds down: 99.9% is not 100%', () => {
    expect(confirmationRates({ required: 1000, confirmed: 999, late: 0 })).toEqual({ completion: 99, onTime: 99 })
  })
  it('has no rate while nobody has to confirm', () => {
    expect(confirmationRates({ required: 0, confirmed: 0, late: 0 })).toEqual({ completion: null, onTime: null })
  })
})
