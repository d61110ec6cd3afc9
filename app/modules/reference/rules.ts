// Regions follow GB/T 2260 (6 digits: 2 province, 2 city, 2 county) and, for 乡镇/街道, the 9-digit
// GB/T 10114 code that extends the county's. "A region and everything under it" is then a prefix.
export function regionPrefix(code: string, level: number): string {
  switch (level) {
    case 1:
      return code.slice(0, 2)
    case 2:
      return code.slice(0, 4)
    case 3:
      return code.slice(0, 6)
    default:
      return code
  }
}

export type ScopeType = 'industry' | 'comprehensive' | 'territorial'

export const SCOPE_LABELS: Record<ScopeType, string> = {
  industry: '行业监管',
  comprehensive: '综合监管',
  territorial: '属地监管',
}

/**
 * What a department's supervision covers (DESIGN 2.6): a 乡镇/街道 its area (属地监管); the 应急管理局
 * every enterprise in its region (综合监管) besides its own industries; every other department the
 * enterprises of the industries mapped to it (行业监管), in its region and below.
 */
export function scopeTypesOf(kind: string): ScopeType[] {
  if (kind === 'street') return ['territorial']
  if (kind === 'emergency') return ['industry', 'comprehensive']
  return ['industry']
}

export interface DepartmentRef {
  id: string
  name: string
  kind: string
  regionCode: string
}

/** The departments that supervise an enterprise, grouped by the kind of supervision. */
export function resolveSupervisors(
  enterprise: { regionChain: string[]; supervisorKinds: string[] },
  departments: DepartmentRef[],
): Record<ScopeType, DepartmentRef[]> {
  const inChain = departments.filter((d) => enterprise.regionChain.includes(d.regionCode))
  return {
    industry: inChain.filter((d) => d.kind !== 'street' && enterprise.supervisorKinds.includes(d.kind)),
    comprehensive: inChain.filter((d) => d.kind === 'emergency'),
    territorial: inChain.filter((d) => d.kind === 'street'),
  }
}

export const DEPARTMENT_KIND_LABELS: Record<string, string> = {
  emergency: '应急管理局',
  housing: '住房和城乡建设局',
  transport: '交通运输局',
  market: '市场监督管理局',
  energy: '能源局',
  education: '教育局',
  health: '卫生健康委员会',
  culture_tourism: '文化和旅游局',
  commerce: '商务局',
  agriculture: '农业农村局',
  water: '水利局',
  street: '乡镇/街道',
}

/** The department's short name for document numbers: 晋中市应急管理局 → 晋中应急. */
export function departmentShortName(name: string): string {
  const city = name.match(/^(.{2,3}?)(市|县|区)/)?.[1] ?? ''
  const body = name
    .replace(/^.{2,3}?(市|县|区)/, '')
    .replace(/管理局$|局$|委员会$|办事处$/, '')
    .replace(/和/, '')
  return `${city}${body}`.slice(0, 8) || name.slice(0, 4)
}
