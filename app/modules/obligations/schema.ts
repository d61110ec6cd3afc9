import { z } from 'zod'
import { dayField, optionalDayField } from '../../utils/calendar'
import { toHalfWidth } from '../../utils/form'

const day = dayField

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
    nextReviewOn: optionalDayField('下次评审日期'),
  })
  .strict()

export const OBLIGATION_STATUS_CLASS: Record<string, string> = {
  已落实: 'badge-green',
  部分落实: 'badge-amber',
  未落实: 'badge-red',
  不适用: 'badge-grey',
}
