import { dayProblem, excelSerialToDay, parseDay } from '../../utils/calendar'
import { stripControls, toHalfWidth } from '../../utils/form'

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

/**
 * Text as a person meant it: no stray or doubled spaces, no invisible or control characters. Prose
 * (names, a duty's text, a legal basis) keeps its full-width characters; codes, numbers and dates are
 * read with cleanCode.
 */
export function cleanText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return parseDateCell(value) ?? ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  // anything else that is not text (an object exceljs made) never becomes "[object Object]"
  if (typeof value !== 'string') return ''
  return (
    stripControls(value)
      // the apostrophe our export writer puts before = + - @ (so Excel shows the text, not a formula)
      .replace(/^'(?=[=+\-@])/, '')
      .replace(/[\u200B-\u200D\uFEFF]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  )
}

/** A code, number or flag cell (工号, 手机号, 身份证号, 是/否): cleanText, then full-width made half-width. */
export function cleanCode(value: unknown): string {
  return toHalfWidth(cleanText(value))
}

/** What a cell holds once read: text, a number, a day, a flag, nothing, or why it cannot be used. */
export type CellRead = { ok: true; value: string | number | boolean | Date | null } | { ok: false; problem: string }

const ERROR_LABEL: Record<string, string> = {
  '#N/A': '#N/A（找不到值）',
  '#REF!': '#REF!（引用无效）',
  '#VALUE!': '#VALUE!（值的类型不对）',
  '#DIV/0!': '#DIV/0!（除数为0）',
  '#NAME?': '#NAME?（函数名无法识别）',
  '#NUM!': '#NUM!（数值无效）',
  '#NULL!': '#NULL!（区域无交集）',
}

/**
 * The one function that turns any exceljs cell value into something a rule can read, or refuses it:
 * a formula is its cached result (none: refused), rich text its text, a hyperlink its text, an error
 * cell (#N/A) is refused, dates, numbers and booleans stay themselves. Nothing becomes "[object Object]".
 */
export function readCellValue(value: unknown, depth = 0): CellRead {
  if (value === null || value === undefined) return { ok: true, value: null }
  if (typeof value === 'string' || typeof value === 'boolean') return { ok: true, value }
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: '单元格的数值无效' }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { ok: false, problem: '单元格的日期无效' } : { ok: true, value }
  if (typeof value !== 'object' || depth > 3) return { ok: false, problem: '单元格内容无法识别，请改为文字后再导入' }
  const v = value as Record<string, unknown>
  if ('error' in v) {
    const code = typeof v.error === 'string' ? v.error : ''
    return { ok: false, problem: `单元格是错误值 ${ERROR_LABEL[code] ?? code ?? ''}，请改正后再导入`.replace(/ ，/, '，') }
  }
  if ('formula' in v || 'sharedFormula' in v) {
    if (!('result' in v) || v.result === undefined || v.result === null) {
      return { ok: false, problem: '单元格是公式但没有保存计算结果，请在 Excel 中打开、确认结果后保存，或把公式改为数值后再导入' }
    }
    return readCellValue(v.result, depth + 1)
  }
  if ('richText' in v && Array.isArray(v.richText)) {
    const parts = v.richText.map((r) =>
      r && typeof r === 'object' && typeof (r as { text?: unknown }).text === 'string' ? (r as { text: string }).text : null,
    )
    if (parts.some((t) => t === null)) return { ok: false, problem: '单元格的格式文字无法识别，请改为普通文字后再导入' }
    return { ok: true, value: parts.join('') }
  }
  if ('hyperlink' in v || 'text' in v) return readCellValue(v.text ?? null, depth + 1)
  return { ok: false, problem: '单元格内容无法识别，请改为文字后再导入' }
}

/** Excel's CSV of a long number: the value as shown, 1.40702E+17. */
export const SCIENTIFIC_RE = /^[+-]?\d+(\.\d+)?E[+-]?\d+$/i

/**
 * A column whose digits matter (身份证号, 手机号, 工号): a number cell, or Excel's CSV form of one
 * (1.40702E+17), is refused, never rounded and accepted.
 */
export function numericInTextColumn(label: string, value: unknown): string | null {
  const looksNumeric = typeof value === 'number' || (typeof value === 'string' && SCIENTIFIC_RE.test(value.trim()))
  if (!looksNumeric) return null
  const lost = label === '身份证号' ? '已丢失位数' : '可能已丢失位数或开头的0'
  return `${label}请以文本格式填写（当前单元格为数值，${lost}）`
}

/** A phone number typed as a number (1.37e10), with spaces or dashes, or with +86. */
export function cleanPhone(value: unknown): string {
  let text = typeof value === 'number' ? value.toFixed(0) : cleanCode(value)
  text = text.replace(/^'/, '').replace(/[\s-]/g, '')
  if (/^(\+|00)?86\d{11}$/.test(text)) text = text.slice(-11)
  return text
}

/** 是/否 flags as people write them. */
export function parseYesNo(value: unknown): boolean | null {
  const text = cleanCode(value).toLowerCase()
  if (!text) return null
  if (['是', 'y', 'yes', '√', '✓', '1', 'true', '有'].includes(text)) return true
  if (['否', 'n', 'no', '×', '0', 'false', '无'].includes(text)) return false
  return null
}

/** A header cell reduced for matching: no spaces, no asterisks or notes in brackets. */
export function headerKey(value: unknown): string {
  return cleanCode(value)
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[*＊\s:：]/g, '')
}

/**
 * Exported text that a spreadsheet would run as a formula is made inert (DESIGN 3.1): a text starting
 * with = + - @ tab or CR, or their full-width forms ＝＋－＠, even behind leading spaces or tabs, gets a
 * leading apostrophe. The one neutraliser of the one export writer: titles, headers and every cell.
 */
export const FORMULA_START_RE = /^[\s\u3000]*[=+\-@＝＋－＠\t\r]/

export function neutralizeCell(value: unknown): unknown {
  if (typeof value === 'string' && FORMULA_START_RE.test(value)) return `'${value}`
  return value
}
