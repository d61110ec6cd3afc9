import { z } from 'zod'
import { dayField, isRealLocalDateTime, parseLocalDateTime } from '../../utils/calendar'
import { proseField } from '../../utils/form'
import { tableParamsSchema } from '../../utils/table-params'

// 2026-02-30 matches a pattern but is no day; Date would roll it into March: the calendar module refuses it.
const day = dayField

/** Up to ten items per order; a blank row in the form is skipped, a half-filled one is an error. */
export const MAX_ORDER_ITEMS = 10

export const inspectionSchema = z
  .object({
    // the inspector's wall clock in China, typed as 2026-11-30 09:30 (the form kit's DateTimeField) or
    // sent as datetime-local
    inspectedAt: z
      .string({ error: '请填写检查时间' })
      .transform((v) => parseLocalDateTime(v) ?? v.trim())
      .pipe(
        z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: '请填写检查时间' })
          .refine((v) => isRealLocalDateTime(v), { error: '检查时间不是有效时间（该日期或时刻不存在）' }),
      ),
    place: proseField('检查地点', 200),
    inspectors: proseField('检查人员', 200).refine((v) => v.split(/[，,、\s]+/).filter(Boolean).length >= 2, {
      error: '监督检查人员不得少于两人，姓名之间用顿号分隔',
    }),
    content: proseField('检查内容', 2000),
    problems: proseField('发现的问题', 4000),
    handling: proseField('处理情况', 2000),
    issueOrder: z.enum(['on', '']).optional(),
  })
  .strict()

export const orderItemSchema = z.object({
  problem: proseField('存在问题', 500),
  requirement: proseField('整改要求', 500),
  dueDate: day('整改期限'),
})

export const answerSchema = z
  .object({
    note: proseField('整改情况说明', 4000, 5),
  })
  .strict()

export const reviewSchema = z
  .object({
    decision: z.enum(['accept', 'return'], { error: '请选择复查结论' }),
    note: proseField('复查意见', 2000),
  })
  .strict()

export const refusalSchema = z
  .object({
    note: proseField('拒绝签字情况', 500, 4),
  })
  .strict()

/** 整改跟踪's states, in the order a regulator works through them. */
export const ORDER_STATES = { overdue: '逾期未整改', pending: '整改期限内', answered: '待复查', accepted: '已销号' } as const

// 'urgency': overdue first, then those awaiting review, then those within their deadline, then closed
export const ORDER_SORTS = ['urgency', 'dueDate', 'issuedAt', 'enterprise'] as const
export const orderListSchema = tableParamsSchema(ORDER_SORTS, 'urgency').extend({
  q: z.string().trim().max(60).catch(''),
  state: z.enum(['overdue', 'pending', 'answered', 'accepted']).or(z.literal('')).catch(''),
})
export type OrderListQuery = z.output<typeof orderListSchema>
