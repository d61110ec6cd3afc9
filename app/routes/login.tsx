import { formFailure, invalid, refuse } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { z } from 'zod'
import { Field, FormError } from '../components/Field'
import { getDb } from '../db.server'
import { clientOf } from '../modules/audit/audit.server'
import { homePath } from '../modules/auth/actor'
import { assertSameOrigin, CHANGE_PASSWORD_PATH, getCurrentUser, signIn } from '../modules/auth/auth.server'
import { safeRedirect } from '../modules/auth/rules'
import { parseForm, toHalfWidth } from '../utils/form'

export const meta: MetaFunction = () => [{ title: '登录 · 安责通' }]

const signInSchema = z
  .object({
    identifier: z
      .string({ error: '请输入手机号或用户名' })
      .transform((v) => toHalfWidth(v))
      .pipe(z.string().min(1, { error: '请输入手机号或用户名' }).max(64, { error: '账号过长' })),
    password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(200, { error: '密码过长' }),
    redirectTo: z.string().optional(),
  })
  .strict()

export async function loader({ request }: LoaderFunctionArgs) {
  const current = await getCurrentUser(request)
  if (current) throw redirect(current.mustChangePassword ? CHANGE_PASSWORD_PATH : homePath(current.actor.role))
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const parsed = parseForm(signInSchema, await request.formData())
  if (!parsed.ok) {
    const { password: _password, ...values } = parsed.values
    return formFailure(invalid(parsed.fieldErrors), values)
  }
  const db = await getDb()
  const result = await signIn(db, parsed.data, clientOf(request))
  if (!result.ok) {
    return formFailure(refuse(result.message), { identifier: parsed.data.identifier })
  }
  // someone else set this password: its owner changes it before anything else
  const to = result.mustChangePassword ? CHANGE_PASSWORD_PATH : (safeRedirect(parsed.data.redirectTo) ?? homePath(result.role))
  return redirect(to, { headers: { 'Set-Cookie': result.cookie } })
}

export default function Login() {
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const formRef = useRef<HTMLFormElement>(null)
  // A failed attempt never leaves the typed password in the field (the server never echoes it).
  useEffect(() => {
    const password = formRef.current?.elements.namedItem('password')
    if (actionData && password instanceof HTMLInputElement) password.value = ''
  }, [actionData])
  return (
    <div className="login-wrap">
      <section className="card login-card">
        <h1>登录安责通</h1>
        <p className="sub">企业安全生产责任制管理平台</p>
        <Form method="post" className="form" noValidate ref={formRef}>
          <FormError message={actionData?.message} />
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
          <Field
            name="identifier"
            label="手机号或用户名"
            autoComplete="username"
            defaultValue={actionData?.values.identifier}
            error={actionData?.fieldErrors.identifier}
            required
          />
          <Field
            name="password"
            label="密码"
            type="password"
            autoComplete="current-password"
            error={actionData?.fieldErrors.password}
            required
          />
          <button type="submit" className="btn" disabled={busy}>
            {busy ? '正在登录…' : '登录'}
          </button>
        </Form>
        <section className="login-help" aria-labelledby="login-help-title">
          <h2 id="login-help-title">没有账号或忘记密码？</h2>
          <ul>
            <li>
              <b>从业人员</b>：账号由本单位安全管理员开通。请向安全管理员领取<b>邀请二维码</b>，用手机扫码、设置密码后，即可用
              <b>手机号</b>和密码登录。
            </li>
            <li>
              <b>忘记密码</b>：请联系本单位安全管理员，在花名册中为您生成<b>重置二维码</b>
              ，扫码后自行设置新密码（安全管理员不会知道您的密码）。
            </li>
            <li>企业负责人、安全管理员和监管人员的账号，由平台管理员开通和重置。</li>
          </ul>
        </section>
      </section>
    </div>
  )
}
