import { ageOn, dayFromParts } from '../../utils/calendar'
import { PROVINCES } from '../reference/regions'

// 身份证号 (GB 11643): a region code whose first two digits are a province (GB/T 2260), a birth date
// the calendar has, a sequence number, and an ISO 7064 MOD 11-2 check character over the first 17.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** The 'YYYY-MM-DD' birth date an ID number carries, or null if the calendar lacks it. */
export function idCardBirthDate(id: string): string | null {
  const r = dayFromParts(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)))
  return r.ok ? r.day : null
}

/**
 * Why an ID number cannot be a worker's, in Chinese, or null. With `today` the birth date must not be
 * in the future; with `hiredOn` (else `today`) the holder must be 16 to 100 years old then (《劳动法》
 * 第十五条: no one under 16 may be employed).
 */
export function idCardProblem(raw: string, at: { today?: string; hiredOn?: string | null } = {}): string | null {
  const id = raw.toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为18位，最后一位可为数字或X'
  if (!PROVINCES[id.slice(0, 2)]) return `身份证号前两位「${id.slice(0, 2)}」不是有效的省级行政区划代码，请核对`
  const birth = idCardBirthDate(id)
  if (!birth || birth < '1900-01-01') return '身份证号中的出生日期不存在，请核对'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!
  if (ID_CHECK[sum % 11] !== id[17]) return '身份证号校验位不正确，请核对'
  if (at.today && birth > at.today) return `身份证号中的出生日期 ${birth} 晚于今天，请核对`
  const on = at.hiredOn ?? at.today
  if (on) {
    const age = ageOn(birth, on)
    const when = at.hiredOn ? '入职时' : '目前'
    if (age < 16) return `按身份证号，${when}未满16周岁（出生于 ${birth}），请核对`
    if (age > 100) return `按身份证号，${when}已超过100周岁（出生于 ${birth}），请核对`
  }
  return null
}

/** Shown everywhere but to whoever may unmask it: first 6 and last 4. */
export function maskIdCard(id: string | null): string | null {
  if (!id) return null
  return `${id.slice(0, 6)}********${id.slice(-4)}`
}

export const TIER_LABELS: Record<number, string> = {
  1: '主要负责人',
  2: '其他负责人',
  3: '职能部门负责人及人员',
  4: '生产单元负责人',
  5: '其他从业人员',
}
