import { z } from 'zod'
import { dayField } from '../../utils/calendar'
import { formKeyField, proseField, proseText } from '../../utils/form'
import { UUID_SOURCE } from '../../utils/ids'
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
    // one per form shown: the same line sent twice is recorded (and its evidence stored) once
    formKey: formKeyField,
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
    // one per form shown: the same 更正 sent twice is appended once
    formKey: formKeyField,
  })
  .strict()
export type CorrectionInput = z.output<typeof correctionSchema>

/** Proposals are named `kind:id`; anything else is refused. */
export const proposalKey = z
  .string()
  .regex(new RegExp(`^(inspection|order_issued|order_reviewed|hazard_supervise|hazard_write_off):${UUID_SOURCE}$`))

export const withdrawSchema = z.object({ intent: z.literal('withdraw'), entryId: z.uuid() }).strict()

/**
 * 任命 (platform admin): a department account marked as a leader who keeps a 一岗双责台账, and the
 * recorder of their book (一人一本). 分管行业领域（部门）: several, separated by 、or a comma; only for 班子成员.
 */
export const appointSchema = z
  .object({
    intent: z.literal('appoint'),
    userId: z.uuid({ error: '请选择领导账号' }),
    position: z.enum(['principal', 'member'], { error: '请选择主要领导或班子成员' }),
    title: z
      .string({ error: '请填写领导职务' })
      .transform(proseText)
      .pipe(z.string().min(2, { error: '请填写领导职务' }).max(30, { error: '领导职务不能超过30字' })),
    chargeAreas: z
      .string()
      .optional()
      .transform((v) =>
        proseText(v ?? '')
          .split(/[、,，;；\s]+/)
          .map((a) => a.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().max(30, { error: '每个分管领域不超过30字' }))
          .max(12, { error: '分管领域不超过12个' })
          .refine((a) => new Set(a).size === a.length, { error: '分管领域有重复' }),
      ),
    recorderUserId: z.uuid({ error: '请选择记录人员' }),
  })
  .strict()
export type AppointInput = z.output<typeof appointSchema>
