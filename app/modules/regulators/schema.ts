import { z } from 'zod'
import { tableParamsSchema } from '../../utils/table-params'

export const ENTERPRISE_SORTS = ['name', 'creditCode', 'industry', 'region', 'workers', 'createdAt'] as const
export type EnterpriseSort = (typeof ENTERPRISE_SORTS)[number]

export const enterpriseListSchema = tableParamsSchema(ENTERPRISE_SORTS, 'name').extend({
  q: z.string().trim().max(60).catch(''),
  industry: z.string().max(40).catch(''),
  region: z.string().regex(/^\d{6}(\d{3})?$/).or(z.literal('')).catch(''),
})
export type EnterpriseListQuery = z.output<typeof enterpriseListSchema>
