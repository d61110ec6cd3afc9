import { z } from 'zod'
import { dayField, optionalDayField } from '../../utils/calendar'
import { toHalfWidth } from '../../utils/form'
import { idFilter, tableParamsSchema } from '../../utils/table-params'
import { CONTROL_LEVELS, CONTROL_MEASURE_KINDS, RISK_POINT_KINDS } from '../../../seeds/dual-prevention'
import { PLAN_PARTS } from './rules'

// The forms of 双重预防, one zod schema each (isomorphic: the pages and the module share them).

const text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `请填写${label}` })
    .transform((v) => toHalfWidth(v))
    .pipe(
      z
        .string()
        .min(min, { error: min > 1 ? `${label}至少${min}个字` : `请填写${label}` })
        .max(max, { error: `${label}不能超过${max}字` }),
    )
const optionalText = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => toHalfWidth(v ?? ''))
    .pipe(z.string().max(max, { error: `${label}不能超过${max}字` }))
const uuid = (label: string) => z.string({ error: `请选择${label}` }).uuid({ error: `请选择${label}` })

/** A score as typed: half-width, a plain decimal, nothing else. */
const score = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .transform((v) => toHalfWidth(v))
    .pipe(z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, { error: `${label}须为数字` }))
    .transform(Number)

export const riskPointSchema = z
  .object({
    intent: z.literal('point'),
    name: text('风险点名称', 60),
    kind: z.enum(RISK_POINT_KINDS, { error: '请选择风险点类型' }),
    unitId: uuid('所属单元'),
    location: optionalText('位置', 100),
  })
  .strict()

const measureFields = Object.fromEntries(CONTROL_MEASURE_KINDS.map((k) => [`measure_${k.code}`, optionalText(k.name, 500)])) as Record<
  `measure_${(typeof CONTROL_MEASURE_KINDS)[number]['code']}`,
  ReturnType<typeof optionalText>
>

export const riskSchema = z
  .object({
    intent: z.literal('risk'),
    riskPointId: uuid('风险点'),
    hazardSource: text('危险源（危险有害因素）', 200),
    accidentTypes: text('可能导致的事故类型', 100),
    method: z.enum(['LEC', 'LS'], { error: '请选择评价方法' }),
    scoreL: score('L'),
    scoreE: z.string().optional(),
    scoreC: z.string().optional(),
    scoreS: z.string().optional(),
    controlLevel: z.enum(CONTROL_LEVELS.map((c) => c.code) as [string, ...string[]], { error: '请选择管控层级' }),
    postId: uuid('责任岗位'),
    ...measureFields,
  })
  .strict()
  .superRefine((v, ctx) => {
    const need = v.method === 'LEC' ? (['scoreE', 'scoreC'] as const) : (['scoreS'] as const)
    for (const k of need) {
      const raw = toHalfWidth(v[k] ?? '')
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(raw)) ctx.addIssue({ code: 'custom', path: [k], message: `请填写${k.slice(-1)}` })
    }
    if (!CONTROL_MEASURE_KINDS.some((k) => (v[`measure_${k.code}`] ?? '').trim()))
      ctx.addIssue({ code: 'custom', path: ['measure_engineering'], message: '请至少填写一类管控措施' })
  })
export type RiskInput = z.output<typeof riskSchema>

export const hazardReportSchema = z
  .object({
    place: text('隐患部位', 100),
    description: text('隐患描述', 1000, 4),
  })
  .strict()

const funds = z
  .string()
  .optional()
  .transform((v) => toHalfWidth(v ?? '').replace(/,/g, ''))
  .pipe(z.string().regex(/^(\d{1,10}(\.\d{1,2})?)?$/, { error: '治理资金请填写金额（元），最多两位小数' }))
  .transform((v) => (v === '' ? null : v))

export const assignSchema = z
  .object({
    grade: z.enum(['general', 'major'], { error: '请选择隐患等级' }),
    responsibleUserId: uuid('整改责任人'),
    measures: text('整改措施', 1000),
    deadline: dayField('整改期限'),
    funds,
    criterionCode: optionalText('判定依据', 40),
    situation: optionalText('隐患的现状及其产生原因', 1000),
    severity: optionalText('隐患的危害程度和整改难易程度分析', 1000),
    stopWork: z.enum(['on', '']).optional(),
    stopWorkNote: optionalText('停产停业或停止使用的范围', 500),
    workersCongressOn: optionalDayField('向职工代表大会报告的日期'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.grade !== 'major') return
    // 16号令 §14: the report to the department states the present situation and cause, the harm and how hard it is to fix
    if (v.situation.length < 4) ctx.addIssue({ code: 'custom', path: ['situation'], message: '重大隐患须写明现状及其产生原因' })
    if (v.severity.length < 4) ctx.addIssue({ code: 'custom', path: ['severity'], message: '重大隐患须写明危害程度和整改难易程度' })
    if (v.stopWork === 'on' && v.stopWorkNote.length < 2)
      ctx.addIssue({ code: 'custom', path: ['stopWorkNote'], message: '请写明停产停业或停止使用的范围' })
  })
export type AssignInput = z.output<typeof assignSchema>

export const rectifySchema = z.object({ note: text('整改情况', 1000, 4) }).strict()
export const verifySchema = z
  .object({ decision: z.enum(['pass', 'fail'], { error: '请选择验收结论' }), note: text('验收意见', 500, 2) })
  .strict()
export const planSchema = z
  .object(
    Object.fromEntries(PLAN_PARTS.map((p) => [p.key, text(p.label, 1000, 2)])) as Record<
      (typeof PLAN_PARTS)[number]['key'],
      ReturnType<typeof text>
    >,
  )
  .strict()
export const resumeSchema = z
  .object({
    note: text('治理完成情况', 1000, 4),
    assessment: text('评估结论', 1000, 4),
  })
  .strict()
export const superviseSchema = z
  .object({
    deadline: dayField('督办期限'),
    note: text('督办要求', 500, 2),
  })
  .strict()
export const reviewSchema = z
  .object({
    decision: z.enum(['write_off', 'return'], { error: '请选择审查结论' }),
    note: text('审查意见', 500, 2),
  })
  .strict()

export const HAZARD_SORTS = ['urgency', 'foundAt', 'deadline', 'no'] as const
export const hazardListSchema = tableParamsSchema(HAZARD_SORTS, 'urgency').extend({
  q: z.string().trim().max(60).catch(''),
  state: z.enum(['open', 'overdue', 'major', 'closed']).or(z.literal('')).catch(''),
})
export type HazardListQuery = z.output<typeof hazardListSchema>

const levelFilter = z.enum(['major', 'serious', 'general', 'low']).or(z.literal('')).catch('')

/** The risk register's table: 'level' ascending is the most serious first (score descending). */
export const RISK_SORTS = ['level', 'point', 'source', 'post'] as const
export const riskListSchema = tableParamsSchema(RISK_SORTS, 'level').extend({
  q: z.string().trim().max(60).catch(''),
  level: levelFilter,
  point: idFilter,
  post: idFilter,
  /** missing: only the 重大/较大 risks still without their 专项管控方案 (item 13) */
  plan: z.literal('missing').or(z.literal('')).catch(''),
})
export type RiskListQuery = z.output<typeof riskListSchema>

/** The 排查清单's table: 'point' is the list's order (unit, point, the most serious risk first, the kinds). */
export const CHECK_ITEM_SORTS = ['point', 'level', 'post'] as const
export const checkItemListSchema = tableParamsSchema(CHECK_ITEM_SORTS, 'point').extend({
  q: z.string().trim().max(60).catch(''),
  level: levelFilter,
  kind: z
    .enum(CONTROL_MEASURE_KINDS.map((k) => k.code) as [string, ...string[]])
    .or(z.literal(''))
    .catch(''),
  post: idFilter,
})
export type CheckItemListQuery = z.output<typeof checkItemListSchema>
