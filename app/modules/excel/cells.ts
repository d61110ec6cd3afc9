import { dayProblem, excelSerialToDay, parseDay } from '../../utils/calendar'
import { toHalfWidth } from '../../utils/form'

// Pure cell rules of the one Excel import pipeline: real files are messy (full-width digits, stray
// spaces, dates as serials or as text, phone numbers stored as numbers). Unit-tested.

/** Excel's 1900 date system (the calendar module's; kept here under its old name). */
export const excelSerialToDate = excelSerialToDay

/** 'YYYY-MM-DD' from a Date, an Excel serial, or text such as 2024/3/5, 2024-03-05, 2024年3月5日, 2024.3.5, 20240305. */
export function parseDateCell(value: unknown): string | null {
  const r = parseDay(value, { cell: true })
  return r.ok ? r.day : null
}

/** A date cell read for `label`: its day, blank, or the Chinese reason (2025-02-29 does not exist). */
export function dateCell(value: unknown, label: string): { day: string | null; problem: string | null } {
  const r = parseDay(value, { cell: true })
  if (r.ok) return { day: r.day, problem: null }
  if (r.reason === 'empty') return { day: null, problem: null }
  return { day: null, problem: dayProblem(label, cleanText(value), r) }
}

/** Text as a person meant it: half-width, no stray or doubled spaces, no invisible characters. */
export function cleanText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return parseDateCell(value) ?? ''
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value)
  return toHalfWidth(String(value))
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** A phone number typed as a number (1.37e10), with spaces or dashes, or with +86. */
export function cleanPhone(value: unknown): string {
  let text = typeof value === 'number' ? value.toFixed(0) : cleanText(value)
  text = text.replace(/^'/, '').replace(/[\s-]/g, '')
  if (/^(\+|00)?86\d{11}$/.test(text)) text = text.slice(-11)
  return text
}

/** 是/否 flags as people write them. */
export function parseYesNo(value: unknown): boolean | null {
  const text = cleanText(value).toLowerCase()
  if (!text) return null
  if (['是', 'y', 'yes', '√', '✓', '1', 'true', '有'].includes(text)) return true
  if (['否', 'n', 'no', '×', '0', 'false', '无'].includes(text)) return false
  return null
}

/** A header cell reduced for matching: no spaces, no asterisks or notes in brackets. */
export function headerKey(value: unknown): string {
  return cleanText(value)
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[*＊\s:：]/g, '')
}

/** Exported text that a spreadsheet would run as a formula is made inert (DESIGN 3.1). */
export function neutralizeCell(value: unknown): unknown {
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) return `'${value}`
  return value
}
