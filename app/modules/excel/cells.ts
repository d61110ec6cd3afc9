import { toHalfWidth } from '../../utils/form'

// Pure cell rules of the one Excel import pipeline: real files are messy (full-width digits, stray
// spaces, dates as serials or as text, phone numbers stored as numbers). Unit-tested.

/** Excel's 1900 date system: serial 1 = 1900-01-01, with Lotus's phantom 1900-02-29 (serial 60). */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null
  const days = Math.floor(serial) - (serial > 60 ? 1 : 0)
  const ms = Date.UTC(1899, 11, 31) + days * 86_400_000
  return new Date(ms).toISOString().slice(0, 10)
}

function isoIfValid(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCMonth() !== m - 1) return null // 2024-02-30
  return date.toISOString().slice(0, 10)
}

/** 'YYYY-MM-DD' from a Date, an Excel serial, or text such as 2024/3/5, 2024-03-05, 2024年3月5日, 2024.3.5, 20240305. */
export function parseDateCell(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  if (value instanceof Date) {
    // exceljs reads date cells as UTC midnight of the calendar day shown in Excel
    if (Number.isNaN(value.getTime())) return null
    return isoIfValid(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate())
  }
  if (typeof value === 'number') {
    if (value >= 19000101 && value <= 21001231 && Number.isInteger(value)) return parseDateCell(String(value))
    return excelSerialToDate(value)
  }
  // a time of day after the date (2024-3-5 00:00:00, 2024/3/5 8:30) is dropped: these are calendar days
  const text = toHalfWidth(String(value))
    .trim()
    .replace(/^'/, '')
    .replace(/[\sT]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '')
    .replace(/\s+/g, '')
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(text)
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]))
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text)
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]))
  if (/^\d+(\.\d+)?$/.test(text)) return excelSerialToDate(Number(text))
  return null
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
