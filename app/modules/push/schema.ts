import { z } from 'zod'
import { PAGE_SIZES } from '../../utils/table-params'
import { PUSH_STATUSES } from './rules'

// The platform admin's forms on 省级平台推送; each carries its `intent`, so one action serves both.

const regionCode = z
  .string({ error: '请选择地区' })
  .trim()
  .regex(/^\d{6}(\d{3})?$/, { error: '请选择地区' })

/**
 * A receiver's address: https, since the token travels in a header (plain http only to this machine,
 * for a local relay or a test receiver); no credentials in it (they would be shown on the page).
 */
const endpointUrl = z
  .string({ error: '请填写推送地址' })
  .trim()
  .min(1, { error: '请填写推送地址' })
  .max(500, { error: '推送地址不能超过500个字符' })
  .pipe(z.url({ protocol: /^https?$/, error: '请填写以 http:// 或 https:// 开头的完整地址' }))
  .refine((u) => !/^https?:\/\/[^/]*@/i.test(u), { error: '地址中不能包含用户名或密码，令牌请填写在“访问令牌”中' })
  .refine((u) => /^https:/i.test(u) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/i.test(u), {
    error: '令牌随请求发送，推送地址须使用 https://',
  })

/** Left empty on an existing endpoint, the stored token is kept (the page never shows it). */
const token = z
  .string()
  .trim()
  .max(500, { error: '访问令牌不能超过500个字符' })
  .refine((t) => t === '' || t.length >= 8, { error: '访问令牌至少8位' })
  .refine((t) => !/\s/.test(t), { error: '访问令牌不能包含空格' })
  .optional()
  .transform((t) => t || null)

export const endpointSchema = z
  .object({
    intent: z.literal('endpoint'),
    regionCode,
    url: endpointUrl,
    token,
    // an unchecked box sends nothing
    enabled: z
      .literal('on', { error: '“启用”的取值无效' })
      .optional()
      .transform((v) => v === 'on'),
  })
  .strict()
export type EndpointInput = z.output<typeof endpointSchema>

export const retrySchema = z
  .object({
    intent: z.literal('retry'),
    enterpriseId: z.uuid({ error: '记录不存在' }),
    id: z.uuid({ error: '记录不存在' }),
  })
  .strict()
export type RetryInput = z.output<typeof retrySchema>

export const outboxQuerySchema = z.object({
  status: z.enum(PUSH_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(20),
  // pre-fills the endpoint form with a configured region (its token stays hidden)
  region: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional()
    .catch(undefined),
})
export type OutboxQuery = z.output<typeof outboxQuerySchema>
