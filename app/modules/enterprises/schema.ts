import { z } from 'zod'
import { proseField, toHalfWidth } from '../../utils/form'
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
