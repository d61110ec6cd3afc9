import { z } from 'zod'
import { dayField, optionalDayField } from '../../utils/calendar'
import { toHalfWidth } from '../../utils/form'

const day = dayField
const optionalDay = optionalDayField

export const planSchema = z
  .object({
    kind: z.enum(['综合预案', '专项预案', '现场处置方案'], { error: '请选择预案类别' }),
    title: z
      .string({ error: '请填写预案名称' })
      .transform((v) => toHalfWidth(v))
      .pipe(z.string().min(4, { error: '预案名称至少4个字' }).max(100, { error: '预案名称不能超过100字' })),
    version: z
      .string({ error: '请填写版本' })
      .transform((v) => toHalfWidth(v))
      .pipe(z.string().min(1, { error: '请填写版本' }).max(30, { error: '版本不能超过30字' })),
    issuedOn: day('发布日期'),
    filedOn: optionalDay('备案日期'),
    reviewedOn: optionalDay('最近评估日期'),
  })
  .strict()
export type PlanInput = z.output<typeof planSchema>

export const drillSchema = z
  .object({
    planId: z.string({ error: '请选择演练的预案' }).uuid({ error: '请选择演练的预案' }),
    heldOn: day('演练日期'),
    form: z.enum(['桌面', '实战'], { error: '请选择演练形式' }),
    participants: z.coerce
      .number({ error: '请填写参演人数' })
      .int({ error: '参演人数应为整数' })
      .min(1, { error: '参演人数至少1人' })
      .max(100_000, { error: '参演人数过大' }),
    summary: z
      .string({ error: '请填写演练概况' })
      .transform((v) => toHalfWidth(v))
      .pipe(z.string().min(4, { error: '请简述演练内容和效果' }).max(2000, { error: '演练概况不能超过2000字' })),
  })
  .strict()
export type DrillInput = z.output<typeof drillSchema>

/** The three records inspectors ask for (seed 001: 演练方案、演练脚本、评估报告), and photos. */
export const DRILL_SLOTS = [
  { slot: 'scheme', label: '演练方案', required: true },
  { slot: 'script', label: '演练脚本', required: true },
  { slot: 'assessment', label: '评估报告', required: true },
  { slot: 'photo', label: '现场照片', required: false },
] as const
