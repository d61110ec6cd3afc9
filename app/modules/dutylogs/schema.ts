import { z } from 'zod'
import { dayField } from '../../utils/calendar'
import { formKeyField, proseField, proseText } from '../../utils/form'
import { RESULTS } from './rules'

// The forms of 履职记录 and 责任制考核: one zod schema each, unknown keys rejected.

const optionalProse = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => proseText(v ?? ''))
    .pipe(z.string().max(max, { error: `${label}不能超过${max}字` }))

/** 工作内容 typed by hand: 时间, 工作内容 (地点 + 内容), 参加人员, 备注. */
export const entrySchema = z
  .object({
    intent: z.literal('add'),
    occurredOn: dayField('时间'),
    content: proseField('工作内容', 300, 4),
    participants: optionalProse('参加人员', 200),
    remark: optionalProse('备注', 200),
    // one per form shown: the same line sent twice is recorded once
    formKey: formKeyField,
  })
  .strict()
export type EntryInput = Omit<z.output<typeof entrySchema>, 'intent'>

/** The proposals ticked on the sheet: their source keys only (the server recomputes the content). */
export const acceptSchema = z
  .object({
    intent: z.literal('accept'),
    source: z.array(z.string().max(80)).min(1, { error: '请至少勾选一条' }).max(200),
  })
  .strict()

export const removeSchema = z.object({ intent: z.literal('remove'), entryId: z.string().uuid() }).strict()

export const correctionSchema = z
  .object({
    intent: z.literal('correct'),
    content: proseField('更正内容', 500, 4),
    confirm: z.literal('1').optional(),
    // one per confirm step shown: the same signed 更正 sent twice is appended once
    formKey: formKeyField,
  })
  .strict()

export const settingsSchema = z
  .object({
    period: z.enum(['month', 'quarter', 'year'], { error: '请选择考核周期' }),
    principalAssessor: z.enum(['board', 'self'], { error: '请选择主要负责人的考核方式' }),
  })
  .strict()
export type SettingsInput = z.output<typeof settingsSchema>

// a blank score is no score: z.coerce alone would record it as 0 (Number('') === 0), and frozen
const score = z
  .union([z.number(), z.string().trim().min(1, { error: '请填写0到100之间的得分' })], { error: '请填写0到100之间的得分' })
  .transform(Number)
  .pipe(
    z
      .number({ error: '请填写0到100之间的得分' })
      .int({ error: '得分须为整数' })
      .min(0, { error: '得分不能小于0' })
      .max(100, { error: '得分不能大于100' }),
  )

/** The assessor's form: a score (0–100) per item, the result, a comment, a follow-up when 不合格. */
export const assessmentSchema = z
  .object({
    period: z.string().max(10),
    scores: z.array(score).min(1, { error: '没有可考核的职责' }).max(200),
    result: z.enum(RESULTS, { error: '请选择考核结果' }),
    comment: proseField('考核意见', 500, 2),
    followUp: optionalProse('整改跟进措施', 500),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.result === '不合格' && !v.followUp) ctx.addIssue({ code: 'custom', path: ['followUp'], message: '考核不合格须填写整改跟进措施' })
  })
export type AssessmentInput = z.output<typeof assessmentSchema>

/** The parallel score[] fields of the assessor's form, one per scored item in display order. */
export function assessmentFromForm(form: FormData) {
  return {
    period: String(form.get('period') ?? ''),
    scores: form.getAll('score').map((v) => String(v).trim()),
    result: String(form.get('result') ?? ''),
    comment: String(form.get('comment') ?? ''),
    followUp: String(form.get('followUp') ?? ''),
  }
}

/** What the 考核 list can be narrowed to: 待我考核, 未考核, 已考核, 不合格, 待本人签字 (the route's filter and the module's). */
export const ASSESSMENT_FILTERS = ['mine', 'todo', 'done', 'failed', 'unseen'] as const
export type AssessmentFilter = (typeof ASSESSMENT_FILTERS)[number]
