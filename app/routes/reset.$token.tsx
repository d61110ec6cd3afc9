import { formFailure, invalid, refuse } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SetPasswordCard } from '../components/SetPasswordCard'
import { getDb } from '../db.server'
import { lookupReset, redeemReset } from '../modules/auth/accounts.server'
import { clientOf } from '../modules/audit/audit.server'
import { assertSameOrigin } from '../modules/auth/auth.server'
import { setPasswordSchema } from '../modules/auth/schema'
import { parseForm } from '../utils/form'

// The page behind a worker's reset QR code: set a new password once, then straight to their posts.
export const meta: MetaFunction = () => [{ title: '重置密码 · 安责通' }]

export async function loader({ params }: LoaderFunctionArgs) {
  return lookupReset(await getDb(), params.token ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const parsed = parseForm(setPasswordSchema, await request.formData())
  if (!parsed.ok) return formFailure(invalid(parsed.fieldErrors))
  const result = await redeemReset(await getDb(), params.token ?? '', parsed.data.password, clientOf(request))
  if (!result.ok) return formFailure(refuse(result.message))
  return redirect('/me', { headers: { 'Set-Cookie': result.cookie } })
}

export default function ResetPassword() {
  const reset = useLoaderData<typeof loader>()
  return (
    <SetPasswordCard
      title="重置密码"
      token={reset.ok ? { ok: true, who: reset.name } : reset}
      hint={reset.ok ? `设置新密码后，用手机号 ${reset.phoneMasked} 和新密码登录；旧密码随即失效。` : null}
      submit="设置新密码并登录"
      busy="正在保存…"
    />
  )
}
