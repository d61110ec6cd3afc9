import { z } from 'zod'
import { proseText, toHalfWidth } from '../../utils/form'
import { PHONE_RE } from '../auth/rules'
import { passwordSchema } from '../auth/schema'
import { enterpriseProfileSchema } from '../enterprises/schema'

export const mobile = z
  .string({ error: '请填写手机号' })
  .transform((v) => toHalfWidth(v).replace(/\s+/g, ''))
  .pipe(z.string().regex(PHONE_RE, { error: '请填写11位手机号' }))

export const username = z
  .string({ error: '请填写用户名' })
  .trim()
  .regex(/^[a-z][a-z0-9_]{2,31}$/, { error: '用户名为3–32位小写字母、数字或下划线，以字母开头' })

const personName = z
  .string({ error: '请填写姓名' })
  .transform(proseText)
  .pipe(z.string().min(2, { error: '请填写姓名' }).max(30, { error: '姓名不能超过30个字' }))

/** A new enterprise and the account of its safety administrator. */
export const createEnterpriseSchema = enterpriseProfileSchema
  .extend({
    adminName: personName,
    adminUsername: username,
    adminPhone: mobile,
    adminPassword: passwordSchema,
  })
  .strict()
export type CreateEnterpriseInput = z.output<typeof createEnterpriseSchema>

export const createRegulatorSchema = z
  .object({
    /** 监管人员 of a department, or the 安委办 of a level (its department is that level's 安委会办公室) */
    accountKind: z.enum(['regulator', 'safety_office'], { error: '请选择账号类型' }).default('regulator'),
    departmentId: z.string({ error: '请选择所属部门' }).uuid({ error: '请选择所属部门' }),
    displayName: personName,
    username,
    phone: mobile,
    password: passwordSchema,
  })
  .strict()
export type CreateRegulatorInput = z.output<typeof createRegulatorSchema>
