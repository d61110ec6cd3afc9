import { Form, Link, useLocation, useSearchParams } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { FormError } from './Field'
import { CONFIRM_FIELD } from '../utils/confirm'

/**
 * A signature that goes to regulators or cannot be undone takes two steps, with or without
 * JavaScript: the first button only opens this panel (a GET to ?confirm=1), which says what will be
 * signed, by whom, and that it cannot be undone; only the panel's own button posts, carrying
 * confirm=1, which the action requires (`isConfirmed`). The signed record shows the time it was signed.
 */
export function ConfirmSignature({
  trigger,
  title,
  confirmLabel,
  signer,
  consequence,
  busy,
  error,
  children,
  fields = {},
  signing,
}: {
  /** the first button: 签字并发布; null when the page's own form opens the step (a GET with confirm=1) */
  trigger: string | null
  /** the panel's heading: 确认签字并发布状况报告 */
  title: string
  /** the button that signs */
  confirmLabel: string
  signer: string
  /** what the signature does, in one sentence: 发布后监管部门即可查阅，不能撤回。 */
  consequence: string
  busy: boolean
  error?: string
  /** what will be signed, in short */
  children: ReactNode
  /** hidden fields the signing post carries (what the first step's form said: an intent, a comment) */
  fields?: Record<string, string>
  /** what the signer adds in the signing post itself (a check's handwritten signature) */
  signing?: ReactNode
}) {
  const [params] = useSearchParams()
  const { pathname } = useLocation()
  const confirming = params.get(CONFIRM_FIELD) === '1'
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    // the step opens where its question can be read, wherever the first button was
    if (confirming) {
      heading.current?.scrollIntoView({ block: 'center' })
      heading.current?.focus({ preventScroll: true })
    }
  }, [confirming])
  if (!confirming)
    return trigger === null ? null : (
      <Form method="get" preventScrollReset>
        <input type="hidden" name={CONFIRM_FIELD} value="1" />
        <button type="submit" className="btn">
          {trigger}
        </button>
      </Form>
    )
  return (
    <section className="card confirm-step no-print" aria-labelledby="confirm-sign-title">
      <h2 id="confirm-sign-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <div className="confirm-what">{children}</div>
      <p>
        签字人：<b>{signer}</b>。签字时间为点击“{confirmLabel}”的时刻，将记录在案。{consequence}
      </p>
      <FormError message={error} />
      <Form method="post" className="actions">
        <input type="hidden" name={CONFIRM_FIELD} value="1" />
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {signing}
        <button type="submit" className="btn" disabled={busy}>
          {busy ? '正在签字…' : confirmLabel}
        </button>
        <Link to={pathname} className="btn btn-secondary" preventScrollReset>
          取消
        </Link>
      </Form>
    </section>
  )
}
