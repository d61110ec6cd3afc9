import { formFailure, invalid, refuse } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SetPasswordCard } from '../components/SetPasswordCard'
import { getDb } from '../db.server'
import { lookupInvitation, redeemInvitation } from '../modules/acknowledgements/invitations.server'
import { clientOf } from '../modules/audit/audit.server'
import { assertSameOrigin } from '../modules/auth/auth.server'
import { setPasswordSchema } from '../modules/auth/schema'
import { parseForm } from '../utils/form'

// The page behind a worker's QR code: set a password once, then straight to their confirmations.
export const meta: MetaFunction = () => [{ title: '激活账号 · 安责通' }]

export async function loader({ params }: LoaderFunctionArgs) {
  return lookupInvitation(await getDb(), params.token ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const parsed = parseForm(setPasswordSchema, await request.formData())
  if (!parsed.ok) return formFailure(invalid(parsed.fieldErrors))
  const result = await redeemInvitation(await getDb(), params.token ?? '', parsed.data.password, clientOf(request))
  if (!result.ok) return formFailure(refuse(result.message))
  return redirect('/me', { headers: { 'Set-Cookie': result.cookie } })
}

export default function Invite() {
  const invitation = useLoaderData<typeof loader>()
  return (
    <SetPasswordCard
      title="激活账号"
      token={invitation.ok ? { ok: true, who: `${invitation.enterpriseName} · ${invitation.name}` } : invitation}
      hint={invitation.ok ? `设置密码后，以后用手机号 ${invitation.phone} 和此密码登录。` : null}
      labels={{ password: '设置密码', confirm: '再次输入密码' }}
      submit="激活并查看我的岗位"
      busy="正在激活…"
    />
  )
}
