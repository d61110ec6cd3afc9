// 身份证号 (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

export function idCardProblem(raw: string): string | null {
  const id = raw.toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为18位，最后一位可为数字或X'
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  if (month < 1 || month > 12 || day < 1 || day > 31) return '身份证号中的出生日期不正确'
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!
  if (ID_CHECK[sum % 11] !== id[17]) return '身份证号校验位不正确，请核对'
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
