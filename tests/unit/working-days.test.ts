import { describe, expect, it } from 'vitest'
import { filingDeadline, filingState } from '../../app/modules/drills/rules'
import { addDays, addWorkingDays, daysBetween, holidayDataFor, isWorkingDay, workingDaysBetween } from '../../app/utils/calendar'
import { holidayYears } from '../../seeds/holidays'

// Issue 13 #10: working days count China's statutory holidays and 调休 make-up workdays.
describe('working days', () => {
  it('holidays are not working days, 调休 weekends are, and plain weekends are not', () => {
    expect(isWorkingDay('2025-10-08')).toBe(false) // 国庆节、中秋节 (a Wednesday)
    expect(isWorkingDay('2025-10-11')).toBe(true) // Saturday, 调休上班
    expect(isWorkingDay('2025-10-12')).toBe(false) // Sunday
    expect(isWorkingDay('2025-01-26')).toBe(true) // Sunday before 春节, 调休上班
    expect(isWorkingDay('2025-02-04')).toBe(false) // 正月初七
    expect(isWorkingDay('2025-02-05')).toBe(true)
    expect(isWorkingDay('2024-02-18')).toBe(true) // Sunday after 春节 2024, 调休上班
    expect(isWorkingDay('2026-02-23')).toBe(false) // 春节 2026, a Monday
    expect(isWorkingDay('2026-02-28')).toBe(true) // Saturday, 调休上班
  })

  it('20 working days across 国庆 2025: the eight days off are skipped, the 调休 Saturday counts', () => {
    // 2025-09-26 (Fri) + 20: 9-28 (Sun, 调休) 9-29 9-30, then 10-09 10-10 10-11 (Sat, 调休) …
    expect(addWorkingDays('2025-09-26', 20)).toBe('2025-10-30')
    expect(workingDaysBetween('2025-09-26', '2025-10-30')).toBe(20)
    // weekends only would have said 2025-10-24
    expect(addWorkingDays('2025-09-26', 20)).not.toBe('2025-10-24')
  })

  it('20 working days across 春节 2026 (nine days off, two 调休 Saturdays)', () => {
    // 2-09..2-13 (5), 2-14 Sat 调休 (6), 2-24..2-27 (10), 2-28 Sat 调休 (11), 3-02..3-06 (16), 3-09..3-12 (20)
    expect(addWorkingDays('2026-02-06', 20)).toBe('2026-03-12')
  })

  it('a deadline never lands on a holiday; the day after a holiday period is the next working day', () => {
    expect(addWorkingDays('2024-09-30', 1)).toBe('2024-10-08')
    expect(addWorkingDays('2024-12-31', 1)).toBe('2025-01-02')
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04') // 2027-01-01 (fixed-date 元旦), then a weekend
  })

  it('day arithmetic', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31')
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364)
  })

  it('every year names its source; 2027 is provisional until its notice is entered', () => {
    for (const y of holidayYears) expect(y.source).toMatch(/国务院办公厅|全国年节及纪念日放假办法/)
    expect(holidayYears.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027])
    expect(holidayDataFor(2026).provisional).toBe(false)
    expect(holidayDataFor(2027).provisional).toBe(true)
    expect(holidayDataFor(2030)).toMatchObject({ provisional: true })
    // a make-up workday is a weekend day, and never also a holiday
    for (const y of holidayYears)
      for (const d of y.workdays) {
        expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay())
        expect(y.holidays).not.toContain(d)
      }
  })
})

describe('备案 within 20 working days of issue', () => {
  it('counts holidays; a plan filed 36 working days after issue is 逾期备案 by 16 working days', () => {
    expect(filingDeadline('2025-09-26')).toBe('2025-10-30')
    const filed = addWorkingDays('2025-09-26', 36)
    expect(filingState({ issuedOn: '2025-09-26', filedOn: filed }, '2026-11-30')).toEqual({
      state: 'late',
      due: '2025-10-30',
      daysLate: 16,
    })
    expect(filingState({ issuedOn: '2025-09-26', filedOn: '2025-10-30' }, '2026-11-30')).toMatchObject({ state: 'filed', daysLate: 0 })
    expect(filingState({ issuedOn: '2025-09-26', filedOn: null }, '2025-10-30')).toMatchObject({ state: 'due', daysLate: 0 })
    expect(filingState({ issuedOn: '2025-09-26', filedOn: null }, '2025-10-31')).toMatchObject({ state: 'overdue', daysLate: 1 })
  })
})

describe('months, quarters, half-years', () => {
  it('month arithmetic clamps to the month’s end; periods are calendar periods', async () => {
    const { addMonths, addYears, quarterOf, halfYearOf } = await import('../../app/utils/calendar')
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29')
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28')
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28')
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28')
    expect(quarterOf('2026-11-30')).toEqual({ year: 2026, quarter: 4, start: '2026-10-01', end: '2026-12-31' })
    expect(quarterOf('2026-02-10')).toMatchObject({ quarter: 1, end: '2026-03-31' })
    expect(halfYearOf('2026-06-30')).toEqual({ start: '2026-01-01', end: '2026-06-30' })
    expect(halfYearOf('2026-07-01')).toEqual({ start: '2026-07-01', end: '2026-12-31' })
  })
})
