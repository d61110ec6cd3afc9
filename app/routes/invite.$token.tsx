import { formFailure, invalid, refuse } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { FormError, NewPasswordFields } from '../components/Field'
import { getDb } from '../db.server'
import { lookupInvitation, redeemInvitation } from '../modules/acknowledgements/invitations.server'
import { clientOf } from '../modules/audit/audit.server'
import { assertSameOrigin } from '../modules/auth/auth.server'
import { passwordSchema } from '../modules/auth/schema'
import { parseForm } from '../utils/form'

// The page behind a worker's QR code: set a password once, then straight to their confirmations.
export const meta: MetaFunction = () => [{ title: '激活账号 · 安责通' }]

export async function loader({ params }: LoaderFunctionArgs) {
  return lookupInvitation(await getDb(), params.token ?? '')
}

const schema = z
  .object({
    password: passwordSchema,
    confirm: z.string({ error: '请再次输入密码' }),
  })
  .strict()
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: '两次输入的密码不一致' })

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const parsed = parseForm(schema, await request.formData())
  if (!parsed.ok) return formFailure(invalid(parsed.fieldErrors))
  const result = await redeemInvitation(await getDb(), params.token ?? '', parsed.data.password, clientOf(request))
  if (!result.ok) return formFailure(refuse(result.message))
  return redirect('/me', { headers: { 'Set-Cookie': result.cookie } })
}

export default function Invite() {
  const invitation = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <div className="login-wrap">
      <section className="card login-card">
        <h1>激活账号</h1>
        {invitation.ok ? (
          <>
            <p className="sub">
              {invitation.enterpriseName} · {invitation.name}
            </p>
            <Form method="post" className="form" noValidate>
              <FormError message={actionData?.message} />
              <p className="muted" style={{ margin: 0 }}>
                设置密码后，以后用手机号 {invitation.phone} 和此密码登录。
              </p>
              <NewPasswordFields errors={errors} label="设置密码" confirmLabel="再次输入密码" />
              <button type="submit" className="btn" disabled={busy}>
                {busy ? '正在激活…' : '激活并查看我的岗位'}
              </button>
            </Form>
          </>
        ) : (
          <FormError message={invitation.message} />
        )}
      </section>
    </div>
  )
}
