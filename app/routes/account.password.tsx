import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, FormError, NewPasswordFields } from '../components/Field'
import { getDb, requestContext } from '../db.server'
import { changeOwnPassword, passwordStatus } from '../modules/auth/accounts.server'
import { homePath } from '../modules/auth/actor'
import { requireSignedIn } from '../modules/auth/auth.server'
import { changePasswordSchema } from '../modules/auth/schema'
import { formatDateTime } from '../utils/dates'
import { parseForm } from '../utils/form'

// 修改密码: everyone, the current password required. An account whose password someone else set is
// sent here by every page until its owner has chosen their own.
export const meta: MetaFunction = () => [{ title: '修改密码 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn(request)
  return passwordStatus(await getDb(), actor.userId)
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn(request)
  const parsed = parseForm(changePasswordSchema, await request.formData())
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await changeOwnPassword(await requestContext(request, actor), {
    current: parsed.data.current,
    password: parsed.data.password,
  })
  if (!result.ok) return data({ fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect(`${homePath(actor.role)}?passwordChanged=1`, { headers: { 'Set-Cookie': result.cookie } })
}

export default function ChangePassword() {
  const status = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <div className="login-wrap">
      <section className="card login-card">
        <h1>修改密码</h1>
        {status.resetNoticeAt ? (
          <div className="form-error" role="alert">
            您的密码已于 {formatDateTime(status.resetNoticeAt)} 由平台管理员重置。如果不是您本人申请的，请立即联系平台管理员。
          </div>
        ) : null}
        {status.mustChange ? (
          <p className="sub" style={{ marginTop: '0.75rem' }}>
            您的密码是他人代为设置的，请先设置自己的新密码再继续使用。
          </p>
        ) : null}
        <Form method="post" className="form" noValidate>
          <FormError message={errors._form} />
          <Field
            name="current"
            label={status.mustChange ? '当前密码（收到的临时密码）' : '当前密码'}
            type="password"
            autoComplete="current-password"
            error={errors.current}
            required
          />
          <NewPasswordFields errors={errors} />
          <button type="submit" className="btn" disabled={busy}>
            {busy ? '正在保存…' : '保存新密码'}
          </button>
          <p className="muted" style={{ fontSize: '0.85rem', margin: 0 }}>
            保存后，您在其他设备上的登录将全部退出。
          </p>
        </Form>
      </section>
    </div>
  )
}
