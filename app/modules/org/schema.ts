import { z } from 'zod'
import { dayField } from '../../utils/calendar'
import { proseText, toHalfWidth } from '../../utils/form'
import { idCardProblem } from './rules'

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === '1')

/** How many certificate pickers a post's form shows at most. */
export const MAX_REQUIRED_CERTIFICATES = 6

const postObject = z
  .object({
    name: z
      .string({ error: '请填写岗位名称' })
      .transform(proseText)
      .pipe(z.string().min(2, { error: '岗位名称至少2个字' }).max(50, { error: '岗位名称不能超过50个字' })),
    unitId: z.string({ error: '请选择所属部门' }).uuid({ error: '请选择所属部门' }),
    tier: z.coerce.number({ error: '请选择责任层级' }).int().min(1, { error: '请选择责任层级' }).max(5, { error: '请选择责任层级' }),
    isSafetyManager: checkbox,
    inChargeOfSafety: checkbox,
    isUnitHead: checkbox,
    // [form field, value]: each a catalogue name or "其他：名称", checked against the catalogue by the
    // module, which puts its message beside the field the value came from
    requiredCertificates: z
      .array(z.tuple([z.string(), z.string()]))
      .max(MAX_REQUIRED_CERTIFICATES, { error: `最多要求${MAX_REQUIRED_CERTIFICATES}种证书` }),
    startFromTemplate: checkbox,
  })
  .strict()
/**
 * The post form: its certificate pickers arrive as requiredCertificates.0 … .5 (errors come back under
 * the same names, beside each picker); a single requiredCertificates text (one per line) is read too.
 */
export const postSchema = z.preprocess((raw) => {
  if (!raw || typeof raw !== 'object') return raw
  const fields: Record<string, unknown> = {}
  const picked: [string, string][] = []
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const m = /^requiredCertificates(?:\.(\d))?$/.exec(k)
    if (!m) fields[k] = v
    else if (m[1] === undefined) for (const line of String(v ?? '').split(/\n+/)) picked.push([k, toHalfWidth(line)])
    else picked.push([k, toHalfWidth(String(v ?? ''))])
  }
  fields.requiredCertificates = picked.filter(([, v]) => v)
  return fields
}, postObject)

/** A post's requirements as the form's values. */
export function requirementValues(list: readonly string[]): Record<string, string> {
  return Object.fromEntries(list.map((k, i) => [`requiredCertificates.${i}`, k]))
}
export type PostInput = z.output<typeof postSchema>

export const orgUnitSchema = z
  .object({
    name: z
      .string({ error: '请填写名称' })
      .transform(proseText)
      .pipe(z.string().min(2, { error: '名称至少2个字' }).max(50, { error: '名称不能超过50个字' })),
    kind: z.enum(['部门', '车间', '工段', '班组'], { error: '请选择类型' }),
    parentId: z.string({ error: '请选择上级' }).uuid({ error: '请选择上级' }),
    supervisorPostId: z
      .string()
      .optional()
      .transform((v) => v || null)
      .pipe(z.string().uuid({ error: '请选择分管负责人岗位' }).nullable()),
  })
  .strict()
export type OrgUnitInput = z.output<typeof orgUnitSchema>

const dateField = dayField

export const employeeSchema = z
  .object({
    name: z
      .string({ error: '请填写姓名' })
      .transform((v) => proseText(v).replace(/\s+/g, ''))
      .pipe(z.string().min(2, { error: '请填写姓名' }).max(30, { error: '姓名不能超过30个字' })),
    employeeNo: z
      .string({ error: '请填写工号' })
      .transform((v) => toHalfWidth(v).replace(/\s+/g, '').toUpperCase())
      .pipe(z.string().regex(/^[A-Z0-9_-]{1,30}$/, { error: '工号只能包含字母、数字、下划线和短横线' })),
    phone: z
      .string({ error: '请填写手机号' })
      .transform((v) => toHalfWidth(v).replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^1[3-9]\d{9}$/, { error: '请填写11位手机号' })),
    employmentType: z.enum(['正式', '劳务派遣', '实习', '外包'], { error: '请选择用工形式' }),
    hiredOn: dateField('入职日期'),
    idCard: z
      .string()
      .optional()
      .transform(
        (v) =>
          toHalfWidth(v ?? '')
            .replace(/\s+/g, '')
            .toUpperCase() || null,
      )
      .superRefine((v, ctx) => {
        const problem = v ? idCardProblem(v) : null
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      }),
  })
  .strict()
export type EmployeeInput = z.output<typeof employeeSchema>

/**
 * Plausibility beside the schema, on the day `today` (Asia/Shanghai): 入职日期 not after today, and
 * the 身份证号's holder born by today and 16 to 100 years old on the 入职日期.
 */
export function employeeRules(input: Pick<EmployeeInput, 'hiredOn' | 'idCard'>, today: string): Record<string, string> {
  const errors: Record<string, string> = {}
  if (input.hiredOn > today) errors.hiredOn = '入职日期不能晚于今天'
  const id = input.idCard ? idCardProblem(input.idCard, { today, hiredOn: input.hiredOn <= today ? input.hiredOn : null }) : null
  if (id) errors.idCard = id
  return errors
}

export const assignmentSchema = z
  .object({
    intent: z.literal('assign'),
    postId: z.string({ error: '请选择岗位' }).uuid({ error: '请选择岗位' }),
    startOn: dateField('任职日期'),
  })
  .strict()

export const endAssignmentSchema = z
  .object({
    intent: z.literal('end'),
    assignmentId: z.string().uuid(),
    endOn: dateField('离岗日期'),
  })
  .strict()
