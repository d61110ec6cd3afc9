import { toHalfWidth } from '../../utils/form'
import { registrationRegionProblem } from '../reference/regions'

// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set without I, O, Z, S, V;
// the last one is a check character over the first seventeen.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]!)
    if (v < 0) return null
    sum += v * WEIGHTS[i]!
  }
  const check = (31 - (sum % 31)) % 31
  return CHARSET[check]!
}

/**
 * GB 32100-2015 表1: the registration authority (first character) and the institution types it may
 * register (second character).
 */
export const REGISTRATION_TYPES: Record<string, { authority: string; types: string }> = {
  '1': { authority: '机构编制', types: '1239' },
  '2': { authority: '外交', types: '19' },
  '3': { authority: '司法行政', types: '123459' },
  '4': { authority: '文化', types: '19' },
  '5': { authority: '民政', types: '1239' },
  '6': { authority: '旅游', types: '129' },
  '7': { authority: '宗教', types: '129' },
  '8': { authority: '工会', types: '19' },
  '9': { authority: '工商（市场监管）', types: '123' },
  A: { authority: '中央军委改革和编制办公室', types: '19' },
  N: { authority: '农业', types: '1239' },
  Y: { authority: '其他', types: '1' },
}

/** Why a credit code is not valid, in Chinese, or null when it is. Expects upper case input. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return '统一社会信用代码应为18位'
  if (![...code].every((ch) => CHARSET.includes(ch))) return '统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）'
  const registration = REGISTRATION_TYPES[code[0]!]
  if (!registration) return `统一社会信用代码第1位「${code[0]}」不是有效的登记管理部门代码`
  if (!registration.types.includes(code[1]!)) return `统一社会信用代码第2位「${code[1]}」不是${registration.authority}登记的机构类别代码`
  if (!/^\d{6}$/.test(code.slice(2, 8))) return '统一社会信用代码第3至8位应为登记管理机关行政区划码'
  const region = registrationRegionProblem(code.slice(2, 8))
  if (region) return `统一社会信用代码第3至8位的登记管理机关行政区划码${region.startsWith('「') ? region : `：${region}`}`
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return '统一社会信用代码校验位不正确，请核对'
  return null
}

/** Full-width characters and stray spaces are common in pasted codes. */
export function normalizeCreditCode(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, '').toUpperCase()
}
