import { z } from 'zod'
import { tableParamsSchema } from '../../utils/table-params'
import { proseText, toHalfWidth } from '../../utils/form'
import { DUTY_CATEGORIES } from './rules'

export const postListSchema = tableParamsSchema(['unit', 'name', 'tier', 'holders', 'status'] as const, 'unit').extend({
  q: z.string().trim().max(60).catch(''),
  tier: z.coerce.number().int().min(1).max(5).optional().catch(undefined),
  unit: z.string().uuid().optional().catch(undefined),
  status: z.enum(['none', 'draft', 'submitted', 'published', 'unpublished']).optional().catch(undefined),
})
export type PostListQuery = z.output<typeof postListSchema>

const itemSchema = z
  .object({
    text: z
      .string()
      .transform((v) => proseText(v).replace(/\s+/g, ' '))
      .pipe(z.string().min(4, { error: '职责内容至少4个字' }).max(300, { error: '职责内容不能超过300字' })),
    category: z.enum(DUTY_CATEGORIES, { error: '请选择职责类别' }),
    legalBasis: z
      .string()
      .transform((v) => proseText(v) || null)
      .pipe(z.string().max(200, { error: '法律依据不能超过200字' }).nullable()),
    // 考核标准 (《安全生产法》第二十二条): optional, with a weight 1–100 only beside a criterion
    criterion: z
      .string()
      .optional()
      .transform((v) => proseText(v ?? '') || null)
      .pipe(z.string().max(200, { error: '考核标准不能超过200字' }).nullable()),
    weight: z
      .string()
      .optional()
      .transform((v) => toHalfWidth(v ?? ''))
      .pipe(
        z
          .string()
          .regex(/^(|[1-9]\d?|100)$/, { error: '权重须为1到100的整数' })
          .transform((v) => (v ? Number(v) : null)),
      ),
  })
  .superRefine((v, ctx) => {
    if (v.weight !== null && !v.criterion) ctx.addIssue({ code: 'custom', path: ['criterion'], message: '填写权重前请先填写考核标准' })
  })

export const draftSchema = z.object({
  title: z
    .string()
    .transform((v) => proseText(v))
    .pipe(z.string().min(2, { error: '请填写清单标题' }).max(100, { error: '标题不能超过100字' })),
  items: z.array(itemSchema).min(1, { error: '清单至少要有一条职责' }).max(200, { error: '一份清单最多200条职责' }),
})
export type DraftInput = z.output<typeof draftSchema>

/** The draft editor posts parallel lists: text[], category[], legalBasis[], criterion[], weight[] in display order. */
export function draftFromForm(formData: FormData) {
  const texts = formData.getAll('text').map(String)
  const categories = formData.getAll('category').map(String)
  const bases = formData.getAll('legalBasis').map(String)
  const criteria = formData.getAll('criterion').map(String)
  const weights = formData.getAll('weight').map(String)
  return {
    title: String(formData.get('title') ?? ''),
    items: texts.map((text, i) => ({
      text,
      category: categories[i] ?? '',
      legalBasis: bases[i] ?? '',
      criterion: criteria[i] ?? '',
      weight: weights[i] ?? '',
    })),
  }
}

export const decisionSchema = z
  .object({
    intent: z.enum(['approve', 'reject']),
    comment: z.string().max(500, { error: '意见不能超过500字' }).optional().default(''),
  })
  .strict()
