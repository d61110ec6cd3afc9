import { describe, expect, it } from 'vitest'
import {
  addMonthsToMonth,
  ageOn,
  dayField,
  daysBetween,
  daysInMonth,
  isCalendarDay,
  isRealLocalDateTime,
  lastDayOfMonth,
  optionalDayField,
  parseDay,
} from '../../app/utils/calendar'

describe('the one date parser', () => {
  it('reads the forms people type as one ISO day', () => {
    for (const v of [
      '2024-03-05',
      '2024/3/5',
      '2024.3.5',
      '2024年3月5日',
      '2024年3月5号',
      '２０２４－０３－０５',
      '２０２４年３月５日',
      ' 2024-3-5 ',
      '20240305',
      '2024-03-05 08:30',
      '2024-03-05T00:00:00',
    ]) {
      expect(parseDay(v), v).toEqual({ ok: true, day: '2024-03-05' })
    }
  })

  it('reads Excel serials and exceljs Date cells only as cells', () => {
    expect(parseDay(45356, { cell: true })).toEqual({ ok: true, day: '2024-03-05' })
    expect(parseDay('45356', { cell: true })).toEqual({ ok: true, day: '2024-03-05' })
    expect(parseDay(new Date(Date.UTC(2024, 2, 5)), { cell: true })).toEqual({ ok: true, day: '2024-03-05' })
    expect(parseDay(45356).ok).toBe(false)
    expect(parseDay('45356').ok).toBe(false)
    // Lotus's phantom 1900-02-29 is no day
    expect(parseDay(60, { cell: true }).ok).toBe(false)
    // a count typed in a date column is not a day of 1900
    expect(parseDay(5, { cell: true })).toEqual({ ok: false, reason: 'format' })
    expect(parseDay('12', { cell: true })).toEqual({ ok: false, reason: 'format' })
    expect(parseDay(18263, { cell: true }).ok).toBe(false)
    expect(parseDay(18264, { cell: true })).toEqual({ ok: true, day: '1950-01-01' })
  })

  it('keeps one separator throughout and drops only a time that exists', () => {
    expect(parseDay('2024-03/05').ok).toBe(false)
    expect(parseDay('2024年3-5').ok).toBe(false)
    expect(parseDay('2024/3/5日').ok).toBe(false)
    expect(parseDay('2024年3月5号')).toEqual({ ok: true, day: '2024-03-05' })
    expect(parseDay('2024/3/5 0:00')).toEqual({ ok: true, day: '2024-03-05' })
    expect(parseDay('2024-03-05T23:59:59')).toEqual({ ok: true, day: '2024-03-05' })
    expect(parseDay('2024-03-05 99:99').ok).toBe(false)
    expect(parseDay('2024-03-05T7:61').ok).toBe(false)
  })

  it('refuses days the calendar does not have, saying why', () => {
    expect(parseDay('2029-02-30')).toEqual({ ok: false, reason: 'impossible', detail: '2029年2月只有28天' })
    expect(parseDay('2029-04-31')).toEqual({ ok: false, reason: 'impossible', detail: '2029年4月只有30天' })
    expect(parseDay('2025-02-29')).toEqual({ ok: false, reason: 'impossible', detail: '2025年2月只有28天' })
    expect(parseDay('2024-02-29')).toEqual({ ok: true, day: '2024-02-29' })
    expect(parseDay('2100-02-29').ok).toBe(false)
    expect(parseDay('2024-13-01')).toMatchObject({ ok: false, reason: 'impossible' })
    expect(parseDay('2024-00-10')).toMatchObject({ ok: false, reason: 'impossible' })
    expect(parseDay('0024-03-05')).toMatchObject({ ok: false, reason: 'range' })
    for (const v of ['明天', '3/5', '2024-3', 'NaN', '2024-03-05x']) expect(parseDay(v), v).toMatchObject({ ok: false, reason: 'format' })
  })

  it('gives the form field its Chinese reason', () => {
    const r = dayField('发证日期').safeParse('2029-02-30')
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.message).toBe('发证日期「2029-02-30」不存在（2029年2月只有28天），请核对')
    expect(dayField('发证日期').safeParse('').error!.issues[0]!.message).toBe('请填写发证日期')
    expect(dayField('发证日期').parse('2024/3/5')).toBe('2024-03-05')
    expect(optionalDayField('复审日期').parse('')).toBeNull()
    expect(optionalDayField('复审日期').parse(undefined)).toBeNull()
    expect(optionalDayField('复审日期').safeParse('2027-04-31').success).toBe(false)
  })

  it('checks datetime-local values and counts ages', () => {
    expect(isRealLocalDateTime('2026-11-20T09:30')).toBe(true)
    expect(isRealLocalDateTime('2026-02-30T09:30')).toBe(false)
    expect(isRealLocalDateTime('2026-11-20T24:00')).toBe(false)
    expect(ageOn('2010-11-30', '2026-11-29')).toBe(15)
    expect(ageOn('2010-11-30', '2026-11-30')).toBe(16)
  })
})

describe('month ends, month steps and day counts', () => {
  it('a month’s length and last day, leap years included', () => {
    expect(daysInMonth(2027, 2)).toBe(28)
    expect(daysInMonth(2028, 2)).toBe(29)
    expect(daysInMonth(2100, 2)).toBe(28)
    expect(daysInMonth(2000, 2)).toBe(29)
    expect(daysInMonth(2026, 4)).toBe(30)
    expect(lastDayOfMonth(2026, 12)).toBe('2026-12-31')
    expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29')
    expect(lastDayOfMonth(2026, 9)).toBe('2026-09-30')
  })
  it('a month plus or minus months crosses year ends', () => {
    expect(addMonthsToMonth('2027-01', -1)).toBe('2026-12')
    expect(addMonthsToMonth('2026-12', 1)).toBe('2027-01')
    expect(addMonthsToMonth('2026-11', -11)).toBe('2025-12')
    expect(addMonthsToMonth('2026-03', 0)).toBe('2026-03')
    expect(addMonthsToMonth('2026-03', -27)).toBe('2023-12')
  })
  it('a day the calendar has, and strings that only look like one', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true)
    expect(isCalendarDay('2026-12-31')).toBe(true)
    expect(isCalendarDay('2027-02-29')).toBe(false)
    expect(isCalendarDay('2026-13-01')).toBe(false)
    expect(isCalendarDay('2026-04-31')).toBe(false)
    expect(isCalendarDay('2026-1-01')).toBe(false)
    expect(isCalendarDay('2026-01-01T00:00')).toBe(false)
    expect(isCalendarDay('')).toBe(false)
  })
  it('days between two days, across a leap day and backwards', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
    expect(daysBetween('2027-02-28', '2027-03-01')).toBe(1)
    expect(daysBetween('2026-12-31', '2026-01-01')).toBe(-364)
    expect(daysBetween('2026-11-30', '2026-11-30')).toBe(0)
  })
})
