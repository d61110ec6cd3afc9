import { Form, useActionData, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { FormError, NewPasswordFields } from './Field'

// The one page behind a QR code that sets a password once (激活账号 from an invitation, 重置密码 from a
// reset link): the token's holder, a line saying how they sign in afterwards, the two password fields.
// A token that is unknown, used or expired shows only its message.
export function SetPasswordCard({
  title,
  token,
  hint,
  labels,
  submit,
  busy: busyText,
}: {
  title: string
  token: { ok: true; who: ReactNode } | { ok: false; message: string }
  hint: ReactNode
  labels?: { password: string; confirm: string }
  submit: string
  busy: string
}) {
  const actionData = useActionData<{ message?: string; fieldErrors?: Record<string, string> }>()
  const busy = useNavigation().state === 'submitting'
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <div className="login-wrap">
      <section className="card login-card">
        <h1>{title}</h1>
        {token.ok ? (
          <>
            <p className="sub">{token.who}</p>
            <Form method="post" className="form" noValidate>
              <FormError message={actionData?.message ?? errors._form} />
              <p className="muted" style={{ margin: 0 }}>
                {hint}
              </p>
              <NewPasswordFields errors={errors} label={labels?.password} confirmLabel={labels?.confirm} />
              <button type="submit" className="btn" disabled={busy}>
                {busy ? busyText : submit}
              </button>
            </Form>
          </>
        ) : (
          <FormError message={token.message} />
        )}
      </section>
    </div>
  )
}
