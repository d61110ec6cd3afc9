import { z } from 'zod'
import { PAGE_SIZES, tableParamsSchema } from '../../utils/table-params'

export const ENTERPRISE_SORTS = ['name', 'creditCode', 'industry', 'region', 'workers', 'reportedAt', 'flags'] as const
export type EnterpriseSort = (typeof ENTERPRISE_SORTS)[number]

/** The red flags of the dashboard (红旗), each filterable on its own. */
export const RED_FLAGS = {
  stale: '超过一个月未报告',
  confirmations: '逾期未确认责任清单',
  certificates: '证书缺失或过期',
  drills: '演练逾期',
  items: '主体责任未落实',
  orders: '整改逾期',
  // 16号令 §14: the latest due 隐患排查治理统计分析表 missing, or signed after its due day
  hazardStats: '隐患统计分析表逾期',
} as const
export type RedFlag = keyof typeof RED_FLAGS
export const RED_FLAG_KEYS = Object.keys(RED_FLAGS) as [RedFlag, ...RedFlag[]]

export const ENTERPRISE_STATES = { ok: '正常', flagged: '有红旗', never: '从未报告' } as const
export const REPORT_AGES = { month: '一个月内', quarter: '一至三个月', older: '三个月以上', never: '从未报告' } as const

export const enterpriseListSchema = tableParamsSchema(ENTERPRISE_SORTS, 'name').extend({
  q: z.string().trim().max(60).catch(''),
  industry: z.string().max(40).catch(''),
  region: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .or(z.literal(''))
    .catch(''),
  state: z.enum(['ok', 'flagged', 'never']).or(z.literal('')).catch(''),
  age: z.enum(['month', 'quarter', 'older', 'never']).or(z.literal('')).catch(''),
  flag: z.enum(RED_FLAG_KEYS).or(z.literal('')).catch(''),
  // the per-region table's own page (各地区红旗占比), beside the enterprise list's
  rpage: z.coerce.number().int().min(1).max(100_000).catch(1),
  rsize: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(20),
})
export type EnterpriseListQuery = z.output<typeof enterpriseListSchema>
