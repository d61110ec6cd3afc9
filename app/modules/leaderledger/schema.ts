import { z } from 'zod'
import { dayField } from '../../utils/calendar'
import { proseField, proseText } from '../../utils/form'
import { MANUAL_KINDS } from './rules'

// The forms of a leader's monthly 履职统计表 (app/routes/regulator.ledger.$leaderId.$month.tsx).

const optionalProse = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => proseText(v ?? ''))
    .pipe(z.string().max(max, { error: `${label}不能超过${max}字` }))

/** 会议、研究解决重点难点问题、现场检查 … added by the recorder, with evidence. */
export const entrySchema = z
  .object({
    intent: z.literal('add'),
    occurredOn: dayField('时间'),
    kind: z.enum(Object.keys(MANUAL_KINDS) as [keyof typeof MANUAL_KINDS, ...(keyof typeof MANUAL_KINDS)[]], { error: '请选择工作类别' }),
    work: proseField('工作内容', 200),
    participants: optionalProse('参加人员', 200),
    remark: optionalProse('备注', 100),
  })
  .strict()
export type EntryInput = z.output<typeof entrySchema>

/** 更正: appended to a submitted month, naming (optionally) the entry it corrects, then signed again. */
export const correctionSchema = z
  .object({
    intent: z.literal('correct'),
    occurredOn: dayField('时间'),
    correctionOf: z.union([z.uuid({ error: '请选择要更正的条目' }), z.literal('')]).optional(),
    work: proseField('更正内容', 200),
    participants: optionalProse('参加人员', 200),
    remark: optionalProse('备注', 100),
  })
  .strict()
export type CorrectionInput = z.output<typeof correctionSchema>

/** Proposals are named `kind:id`; anything else is refused. */
export const proposalKey = z.string().regex(/^(inspection|order_issued|order_reviewed|hazard_supervise|hazard_write_off):[0-9a-f-]{36}$/)

export const withdrawSchema = z.object({ intent: z.literal('withdraw'), entryId: z.uuid() }).strict()
