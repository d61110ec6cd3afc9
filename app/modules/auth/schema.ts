import { z } from 'zod'
import { passwordSchema } from '../platform/schema'

// The password forms: change one's own (current required) and set a new one from a reset link.

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
