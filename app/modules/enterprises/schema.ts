import { z } from 'zod'
import { proseField, toHalfWidth } from '../../utils/form'
import { IDENTITY_REFUSAL, SUPERVISION_KEY_REFUSAL } from './policy'
import { creditCodeProblem, normalizeCreditCode } from './rules'

export const contactPhone = z
  .string({ error: '请填写联系电话' })
  .transform((v) => toHalfWidth(v).replace(/\s+/g, ''))
  .pipe(
    z
      .string()
      .min(1, { error: '请填写联系电话' })
      .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { error: '请填写11位手机号或带区号的固定电话，如 0354-3012345' }),
  )

export const creditCode = z
  .string({ error: '请填写统一社会信用代码' })
  .transform(normalizeCreditCode)
  .superRefine((code, ctx) => {
    const problem = code ? creditCodeProblem(code) : '请填写统一社会信用代码'
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const enterpriseProfileSchema = z
  .object({
    name: proseField('企业名称', 100).pipe(z.string().min(2, { error: '企业名称至少2个字' })),
    creditCode,
    industryCode: z.string({ error: '请选择行业' }).min(1, { error: '请选择行业' }),
    regionCode: z.string({ error: '请选择所在地区' }).regex(/^\d{6}(\d{3})?$/, { error: '请选择所在地区' }),
    address: proseField('地址', 200),
    legalRepresentative: proseField('法定代表人', 50),
    principalName: proseField('主要负责人', 50),
    phone: contactPhone,
  })
  .strict()

export type EnterpriseProfileInput = z.output<typeof enterpriseProfileSchema>

/**
 * A field the enterprise's own form does not have: its name, credit code, 行业 and 所在地区 are the
 * platform's to change. Sent anyway (a crafted or stale form), it is refused beside that field.
 */
const notTheEnterprises = (message: string) => z.undefined({ error: message }).optional()

/**
 * The enterprise's own profile form: the fields it keeps itself, and nothing else. The module writes
 * only these columns, so a platform's change made while the form was open stands.
 */
export const enterpriseOwnProfileSchema = z
  .object({
    name: notTheEnterprises(IDENTITY_REFUSAL),
    creditCode: notTheEnterprises(IDENTITY_REFUSAL),
    industryCode: notTheEnterprises(SUPERVISION_KEY_REFUSAL),
    regionCode: notTheEnterprises(SUPERVISION_KEY_REFUSAL),
    address: proseField('地址', 200),
    legalRepresentative: proseField('法定代表人', 50),
    principalName: proseField('主要负责人', 50),
    phone: contactPhone,
  })
  .strict()

export type EnterpriseOwnProfileInput = z.output<typeof enterpriseOwnProfileSchema>
