import { z } from 'zod'
import { holidayYears } from '../../seeds/holidays'
import { toHalfWidth } from './form'

// The one date parser of forms and imports. A calendar day is 'YYYY-MM-DD'; what people type or
// Excel stores (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, ２０２４－０３－０５, 20240305, an Excel
// serial, an exceljs Date cell) becomes one, and a day the calendar does not have (2029-02-30,
// 2029-04-31, 2025-02-29) is refused with a Chinese reason, never rolled over as Date would.

export const MIN_YEAR = 1900
export const MAX_YEAR = 2100
/** Excel's serial of 1950-01-01: a bare number below it in a date column is not read as a date. */
export const MIN_DAY_SERIAL = 18264

export type DayResult = { ok: true; day: string } | { ok: false; reason: 'empty' | 'format' | 'impossible' | 'range'; detail?: string }

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** The number of days of a month (1–12) of a year: daysInMonth(2028, 2) → 29. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/** The last calendar day of a month (1–12): lastDayOfMonth(2027, 2) → '2027-02-28'. */
export function lastDayOfMonth(y: number, m: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(daysInMonth(y, m))}`
}

/** A day from its parts, or why there is none (2029-02-30: 2029年2月只有28天). */
export function dayFromParts(y: number, m: number, d: number): DayResult {
  if (y < MIN_YEAR || y > MAX_YEAR) return { ok: false, reason: 'range' }
  if (m < 1 || m > 12) return { ok: false, reason: 'impossible', detail: `没有${m}月` }
  const last = daysInMonth(y, m)
  if (d < 1 || d > last) return { ok: false, reason: 'impossible', detail: `${y}年${m}月只有${last}天` }
  return { ok: true, day: `${pad(y, 4)}-${pad(m)}-${pad(d)}` }
}

/** Excel's 1900 date system: serial 1 = 1900-01-01, with Lotus's phantom 1900-02-29 (serial 60). */
export function excelSerialToDay(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null
  if (Math.floor(serial) === 60) return null // 1900-02-29 does not exist
  const days = Math.floor(serial) - (serial > 60 ? 1 : 0)
  const ms = Date.UTC(1899, 11, 31) + days * 86_400_000
  const day = new Date(ms).toISOString().slice(0, 10)
  const y = Number(day.slice(0, 4))
  return y >= MIN_YEAR && y <= MAX_YEAR ? day : null
}

/**
 * Parses a day as typed in a form (text only) or found in a spreadsheet cell (also numbers as Excel
 * serials and Date cells, with `cell: true`). A time of day after the date is dropped.
 */
export function parseDay(value: unknown, opts: { cell?: boolean } = {}): DayResult {
  if (value === null || value === undefined) return { ok: false, reason: 'empty' }
  if (value instanceof Date) {
    // exceljs reads date cells as UTC midnight of the calendar day shown in Excel
    if (Number.isNaN(value.getTime())) return { ok: false, reason: 'format' }
    return dayFromParts(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate())
  }
  if (typeof value === 'number') {
    if (!opts.cell) return { ok: false, reason: 'format' }
    if (Number.isInteger(value) && value >= 19000101 && value <= 21001231) return parseDay(String(value), opts)
    // a small number (5, 12) is a count someone typed, not 1900-01-05
    if (value < MIN_DAY_SERIAL) return { ok: false, reason: 'format' }
    const day = excelSerialToDay(value)
    return day ? { ok: true, day } : { ok: false, reason: 'range' }
  }
  if (typeof value !== 'string') return { ok: false, reason: 'format' }
  const text = toHalfWidth(value)
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .trim()
    .replace(/^'/, '')
    // a time after the day (Excel's CSV writes 2024/3/5 0:00) is dropped, but only a time that exists
    .replace(/[\sT]+([01]?\d|2[0-3])[:：][0-5]\d([:：][0-5]\d(\.\d+)?)?$/, '')
    .replace(/\s+/g, '')
  if (!text) return { ok: false, reason: 'empty' }
  // one separator throughout (2024-03/05 is a typing slip, not a day), or 年…月…日
  let m = /^(\d{4})(?:-(\d{1,2})-|\/(\d{1,2})\/|\.(\d{1,2})\.|年(\d{1,2})月)(\d{1,2})(?:(?<=月\d{1,2})[日号])?$/.exec(text)
  if (m) return dayFromParts(Number(m[1]), Number(m[2] ?? m[3] ?? m[4] ?? m[5]), Number(m[6]))
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text)
  if (m) return dayFromParts(Number(m[1]), Number(m[2]), Number(m[3]))
  if (opts.cell && /^\d{1,7}(\.\d+)?$/.test(text) && Number(text) >= MIN_DAY_SERIAL) {
    const day = excelSerialToDay(Number(text))
    return day ? { ok: true, day } : { ok: false, reason: 'range' }
  }
  return { ok: false, reason: 'format' }
}

/** The Chinese reason a value is not a day of `label`, for a form field or an import cell. */
export function dayProblem(label: string, shown: string, result: Exclude<DayResult, { ok: true }>): string {
  const v = shown.length > 20 ? `${shown.slice(0, 20)}…` : shown
  if (result.reason === 'empty') return `请填写${label}`
  if (result.reason === 'impossible') return `${label}「${v}」不存在（${result.detail}），请核对`
  if (result.reason === 'range') return `${label}「${v}」超出可填写的范围（${MIN_YEAR}—${MAX_YEAR}年）`
  return `${label}「${v}」无法识别，请写成 2024-03-05 或 2024/3/5`
}

/** A required day field of a form: the parsed 'YYYY-MM-DD', or the reason beside the field. */
export function dayField(label: string) {
  return z.string({ error: `请填写${label}` }).transform((raw, ctx) => {
    const r = parseDay(raw)
    if (r.ok) return r.day
    ctx.addIssue({ code: 'custom', message: dayProblem(label, raw.trim(), r) })
    return z.NEVER
  })
}

/** An optional day field: blank is null; anything else must be a real day. */
export function optionalDayField(label: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return null
      const r = parseDay(raw)
      if (r.ok) return r.day
      ctx.addIssue({ code: 'custom', message: dayProblem(label, raw.trim(), r) })
      return z.NEVER
    })
}

/** 'YYYY-MM-DD' of `now` in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** The instant of a wall-clock time on a calendar day in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiInstant(day: string, hour = 0, minute = 0): Date {
  return new Date(Date.parse(`${day}T${pad(hour)}:${pad(minute)}:00+08:00`))
}

/** The instant a calendar day ends: 24:00 Asia/Shanghai (a deadline day's end). */
export function endOfShanghaiDay(day: string): Date {
  return shanghaiInstant(addDays(day, 1))
}

/**
 * The same wall-clock moment in Asia/Shanghai `months` calendar months earlier, the day clamped to
 * the month's end (3月31日 → 2月28日), whatever the server's own time zone.
 */
export function monthsBefore(now: Date, months: number): Date {
  const day = shanghaiDay(now)
  const intoDay = now.getTime() - shanghaiInstant(day).getTime()
  return new Date(shanghaiInstant(addMonths(day, -months)).getTime() + intoDay)
}

/** Whole years between a birth day and a later day (the birthday counts on its day; 2-29 on 3-1). */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number]
  const [y, m, d] = on.split('-').map(Number) as [number, number, number]
  let age = y - by
  if (m < bm || (m === bm && d < bd)) age--
  return age
}

/**
 * A wall-clock time as people type it (2026-11-30 09:30, 2026/11/30 9:30, 2026年11月30日 9：30, or the
 * 2026-11-30T09:30 of a datetime-local field) as 'YYYY-MM-DDTHH:mm', or null when it is not one.
 */
export function parseLocalDateTime(raw: string): string | null {
  const m = /^(.+?)[\sT]+(\d{1,2})[:：](\d{2})$/.exec(toHalfWidth(raw))
  if (!m) return null
  const day = parseDay(m[1]!)
  const [h, min] = [Number(m[2]), Number(m[3])]
  if (!day.ok || h > 23 || min > 59) return null
  return `${day.day}T${pad(h)}:${pad(min)}`
}

/** A 'YYYY-MM-DDTHH:mm' wall-clock time (datetime-local) whose day exists and whose time is a time. */
export function isRealLocalDateTime(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(v)
  if (!m) return false
  if (!dayFromParts(Number(m[1]), Number(m[2]), Number(m[3])).ok) return false
  return Number(m[4]) <= 23 && Number(m[5]) <= 59
}

// ---------------------------------------------------------------------------------------------
// Day arithmetic and working days, on 'YYYY-MM-DD' calendar days (Asia/Shanghai has no daylight
// saving, so a calendar day is a plain date: no time zone enters the arithmetic).

/** `day` plus `n` calendar days (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

/**
 * `day` plus `n` calendar months: the same-numbered day of the final month, or that month's last day
 * where it has none (01-31 + 1 month → 02-28/29), as 《民法典》 §201–202 count a period of months.
 */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const first = new Date(Date.UTC(y, m - 1 + n, 1))
  const last = daysInMonth(first.getUTCFullYear(), first.getUTCMonth() + 1)
  return dayFromPartsUnchecked(first.getUTCFullYear(), first.getUTCMonth() + 1, Math.min(d, last))
}

/** `day` plus `n` years; 29 February falls back to the 28th. */
export function addYears(day: string, n: number): string {
  return addMonths(day, 12 * n)
}

function dayFromPartsUnchecked(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`
}

/** The calendar quarter a day falls in (1–4), first and last day. */
export function quarterOf(day: string): { year: number; quarter: number; start: string; end: string } {
  const year = Number(day.slice(0, 4))
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3)
  return {
    year,
    quarter: q + 1,
    start: dayFromPartsUnchecked(year, q * 3 + 1, 1),
    end: dayFromPartsUnchecked(year, q * 3 + 3, daysInMonth(year, q * 3 + 3)),
  }
}

/** The half-year a day falls in (上半年 1–6月, 下半年 7–12月), first and last day. */
export function halfYearOf(day: string): { start: string; end: string } {
  const year = Number(day.slice(0, 4))
  return Number(day.slice(5, 7)) <= 6 ? { start: `${year}-01-01`, end: `${year}-06-30` } : { start: `${year}-07-01`, end: `${year}-12-31` }
}

/** The calendar year a day falls in, first and last day. */
export function yearOf(day: string): { start: string; end: string } {
  const year = day.slice(0, 4)
  return { start: `${year}-01-01`, end: `${year}-12-31` }
}

/** The day of the week of a calendar day (0 Sunday … 6 Saturday). */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay()
}

/**
 * Whether a 'YYYY-MM-DD' string names a day the calendar has (2027-02-29 and 2026-13-01 do not); any
 * year, unlike parseDay, because it checks keys the portal built itself rather than what people type.
 */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false
  const t = Date.parse(`${day}T00:00:00Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day
}

/** A month 'YYYY-MM' plus `n` months (n may be negative): addMonthsToMonth('2027-01', -1) → '2026-12'. */
export function addMonthsToMonth(month: string, n: number): string {
  return addMonths(`${month}-01`, n).slice(0, 7)
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

const HOLIDAYS = new Set(holidayYears.flatMap((y) => y.holidays))
const MAKEUP_WORKDAYS = new Set(holidayYears.flatMap((y) => y.workdays))

/**
 * A working day (工作日): Monday to Friday unless a statutory holiday, and a weekend day that is a
 * 调休 make-up workday, by the State Council's notices (seeds/holidays.ts). Years without a notice
 * count weekends (and 2027 its fixed-date holidays) only.
 */
export function isWorkingDay(day: string): boolean {
  if (HOLIDAYS.has(day)) return false
  if (MAKEUP_WORKDAYS.has(day)) return true
  const weekday = weekdayOf(day)
  return weekday !== 0 && weekday !== 6
}

/** The day `n` working days after `day` (the start day not counted), e.g. a 20-working-day deadline. */
export function addWorkingDays(day: string, n: number): string {
  let d = day
  for (let left = n; left > 0;) {
    d = addDays(d, 1)
    if (isWorkingDay(d)) left--
  }
  return d
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count++
  return count
}

/** Whether working days in `year` are counted from a published notice, or provisionally. */
export function holidayDataFor(year: number): { source: string; provisional: boolean } {
  const y = holidayYears.find((h) => h.year === year)
  return y ? { source: y.source, provisional: y.provisional } : { source: '无该年节假日安排数据：仅按周末计算', provisional: true }
}
