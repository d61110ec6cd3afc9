import { z } from 'zod'
import { toHalfWidth } from '../../utils/form'

const day = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `请填写${label}` })
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: `${label}不是有效日期` })

export const declareSchema = z
  .object({
    status: z.enum(['已落实', '部分落实', '未落实', '不适用'], { error: '请选择落实情况' }),
    reason: z
      .string()
      .optional()
      .transform((v) => toHalfWidth(v ?? '') || null)
      .pipe(z.string().max(500, { error: '理由不能超过500字' }).nullable()),
    responsible: z
      .string({ error: '请填写责任人' })
      .transform((v) => toHalfWidth(v))
      .pipe(z.string().min(2, { error: '请填写责任人' }).max(50, { error: '责任人不能超过50字' })),
    note: z.string().max(2000, { error: '说明不能超过2000字' }).optional().default(''),
    reviewedOn: day('本次评审日期'),
    nextReviewOn: z
      .string()
      .optional()
      .transform((v) => v || null)
      .pipe(day('下次评审日期').nullable()),
  })
  .strict()

export const OBLIGATION_STATUS_CLASS: Record<string, string> = {
  已落实: 'badge-green',
  部分落实: 'badge-amber',
  未落实: 'badge-red',
  不适用: 'badge-grey',
}
