import { z } from 'zod'

// The password forms: change one's own (current required) and set a new one from a reset link.

/** The password rule of every account (the platform's initial passwords, invitations, resets, changes). */
export const passwordSchema = z
  .string({ error: '请设置初始密码' })
  .min(10, { error: '密码至少10位' })
  .max(72, { error: '密码不能超过72位' })
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { error: '密码须同时包含字母和数字' })

const newPassword = z.string({ error: '请设置新密码' }).pipe(passwordSchema)

export const changePasswordSchema = z
  .object({
    current: z.string({ error: '请输入当前密码' }).min(1, { error: '请输入当前密码' }).max(200, { error: '密码过长' }),
    password: newPassword,
    confirm: z.string({ error: '请再次输入新密码' }),
  })
  .strict()
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: '两次输入的密码不一致' })

export const setPasswordSchema = z
  .object({
    password: newPassword,
    confirm: z.string({ error: '请再次输入新密码' }),
  })
  .strict()
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: '两次输入的密码不一致' })
