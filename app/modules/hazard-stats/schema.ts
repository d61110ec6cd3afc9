import { z } from 'zod'

/** 生成统计分析表: the period only (2026-Q3, 2026-Y); whether it has ended is the module's to say. */
export const generateSchema = z.strictObject({
  period: z.string().regex(/^\d{4}-(Q[1-4]|Y)$/, '请选择统计期间'),
})
