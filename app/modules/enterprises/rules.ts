import { toHalfWidth } from '../../utils/form'

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

/** Why a credit code is not valid, in Chinese, or null when it is. Expects upper case input. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return '统一社会信用代码应为18位'
  if (![...code].every((ch) => CHARSET.includes(ch))) return '统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）'
  if (!/^\d{6}$/.test(code.slice(2, 8))) return '统一社会信用代码第3至8位应为登记管理机关行政区划码'
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return '统一社会信用代码校验位不正确，请核对'
  return null
}

/** Full-width characters and stray spaces are common in pasted codes. */
export function normalizeCreditCode(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, '').toUpperCase()
}
