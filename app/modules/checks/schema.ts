import { z } from 'zod'
import { dayField, optionalDayField } from '../../utils/calendar'
import { toHalfWidth } from '../../utils/form'
import { UUID_SOURCE } from '../../utils/ids'
import { idFilter, tableParamsSchema } from '../../utils/table-params'
import { CHECK_FREQUENCIES, CHECK_KINDS, MAX_SHIFTS_PER_DAY } from '../../../seeds/hazard-checks'

// The forms of 隐患排查, one zod schema each (isomorphic: the pages and the module share them).

/** A chosen item of the derived list is a checkbox named item:<riskId>:<measureKind>. */
export const ITEM_FIELD = new RegExp(`^item:(${UUID_SOURCE}):(engineering|management|training|ppe|emergency)$`)

export const planSchema = z
  .object({
    name: z
      .string({ error: '请填写计划名称' })
      .transform((v) => toHalfWidth(v).trim())
      .pipe(z.string().min(2, { error: '计划名称至少2个字' }).max(60, { error: '计划名称不能超过60字' })),
    kind: z.enum(CHECK_KINDS.map((k) => k.code) as [string, ...string[]], { error: '请选择排查类型' }),
    frequency: z.enum(CHECK_FREQUENCIES.map((f) => f.code) as [string, ...string[]], { error: '请选择排查频次' }),
    shifts: z
      .string()
      .optional()
      .transform((v) => toHalfWidth(v ?? '').trim() || '1')
      .pipe(z.string().regex(new RegExp(`^[1-${MAX_SHIFTS_PER_DAY}]$`), { error: `每天班次须为1～${MAX_SHIFTS_PER_DAY}` }))
      .transform(Number),
    postId: z.string({ error: '请选择执行岗位' }).uuid({ error: '请选择执行岗位' }),
    startOn: dayField('开始日期'),
    endOn: optionalDayField('结束日期'),
  })
  .catchall(z.literal('on', { error: '表单包含无法识别的字段，请刷新页面后重试' }))
  .superRefine((v, ctx) => {
    for (const key of Object.keys(v)) {
      if (['name', 'kind', 'frequency', 'shifts', 'postId', 'startOn', 'endOn'].includes(key)) continue
      if (!ITEM_FIELD.test(key)) ctx.addIssue({ code: 'custom', path: ['_form'], message: '表单包含无法识别的字段，请刷新页面后重试' })
    }
    if (v.endOn && v.endOn < v.startOn) ctx.addIssue({ code: 'custom', path: ['endOn'], message: '结束日期不能早于开始日期' })
    if (v.frequency !== 'shift' && v.shifts !== 1) ctx.addIssue({ code: 'custom', path: ['shifts'], message: '只有“每班”排查需要填写班次' })
  })
export type PlanInput = z.output<typeof planSchema>

/** The chosen items of a plan form: [riskId, measureKind] pairs. */
export function chosenItems(values: Record<string, unknown>): { riskId: string; measureKind: string }[] {
  const out: { riskId: string; measureKind: string }[] = []
  for (const [key, value] of Object.entries(values)) {
    const m = ITEM_FIELD.exec(key)
    if (m && value === 'on') out.push({ riskId: m[1]!, measureKind: m[2]! })
  }
  return out
}

const RESULT_FIELD = /^(result|note)_(\d{1,3})$/

/** The check form, saved as the checker's draft: the period, each item's 正常/隐患 and note. */
export const checkDraftSchema = z
  .object({ periodKey: z.string().max(20) })
  .catchall(z.string().max(1000))
  .superRefine((v, ctx) => {
    for (const key of Object.keys(v)) {
      if (key === 'periodKey') continue
      if (!RESULT_FIELD.test(key)) ctx.addIssue({ code: 'custom', path: ['_form'], message: '表单包含无法识别的字段，请刷新页面后重试' })
    }
  })

/** The signing step (ConfirmSignature, ?confirm=1): the period, the signature and the confirmation. */
export const checkSignSchema = z
  .object({
    periodKey: z.string().max(20),
    signature: z.string().max(500_000).optional().default(''),
    typedName: z.string().max(60).optional().default(''),
    confirm: z.literal('1', { error: '请先核对将要签字的排查结果，再点击确认签字' }),
  })
  .strict()

/** Each item's answer from a parsed check form. */
export function answersOf(values: Record<string, string>, count: number): { result: 'ok' | 'hazard' | null; note: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const raw = values[`result_${i + 1}`]
    return {
      result: raw === 'ok' || raw === 'hazard' ? raw : null,
      note: toHalfWidth(values[`note_${i + 1}`] ?? '').trim(),
    }
  })
}

/** The plans page's table: 'missed' ascending is the most periods missed this quarter first. */
export const PLAN_SORTS = ['name', 'post', 'frequency', 'missed'] as const
export const planListSchema = tableParamsSchema(PLAN_SORTS, 'name').extend({
  q: z.string().trim().max(60).catch(''),
  kind: z
    .enum(CHECK_KINDS.map((k) => k.code) as [string, ...string[]])
    .or(z.literal(''))
    .catch(''),
  post: idFilter,
  /** overdue: a period missed this quarter; today: a period open today and not done; ended: 已停用 */
  state: z.enum(['overdue', 'today', 'ended']).or(z.literal('')).catch(''),
})
export type PlanListQuery = z.output<typeof planListSchema>
