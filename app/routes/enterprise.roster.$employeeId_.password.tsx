import { formFailure } from '../utils/result'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { employeeAccount, issueWorkerReset, RESET_TOKEN_HOURS } from '../modules/auth/accounts.server'
import { ROLE_LABELS } from '../modules/auth/actor'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { HEAD_RESET_REFUSAL, isResetByLink } from '../modules/auth/policy'
import { absoluteUrl, qrSvg } from '../modules/print/qr.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

// 重置密码 of a worker, by their enterprise's admin: a one-time QR code / link the worker opens on
// their phone to set a new password. The admin never learns it.
export const meta: MetaFunction = () => [{ title: '重置密码 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const employeeId = uuidParam(params, 'employeeId')
  return withActor(actor, request, (ctx) => employeeAccount(ctx, employeeId))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const employeeId = uuidParam(params, 'employeeId')
  const result = await withActor(actor, request, (ctx) => issueWorkerReset(ctx, employeeId))
  if (!result.ok) return formFailure(result, {}, { url: null, qr: null, expiresAt: null })
  // the token exists only in this response: the database keeps its hash
  const url = absoluteUrl(`/reset/${result.token}`)
  return { url, qr: await qrSvg(url), expiresAt: result.expiresAt }
}

export default function ResetWorkerPassword() {
  const e = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const account = e.account
  return (
    <>
      <div className="page-head no-print">
        <div>
          <h1>重置密码 · {e.name}</h1>
          <p>
            工号 {e.employeeNo} · 手机号 {e.phoneMasked}
          </p>
        </div>
        <Link to={`/enterprise/roster/${e.employeeId}`} className="btn btn-secondary">
          返回职工信息
        </Link>
      </div>
      <section className="card">
        {!account ? (
          <p>该职工尚未开通账号，请通过“签字确认 → 邀请单”发放邀请。</p>
        ) : !isResetByLink(account.role) ? (
          <p>
            该职工的账号是{ROLE_LABELS[account.role]}账号。{HEAD_RESET_REFUSAL}，请本人联系平台管理员。
          </p>
        ) : actionData?.url ? (
          <div className="reset-card">
            <p>
              请 <b>{e.name}</b> 本人用手机扫描二维码设置新密码。二维码仅能使用一次，{formatDateTime(actionData.expiresAt!)}{' '}
              前有效；重新生成会使旧二维码作废。
            </p>
            <div dangerouslySetInnerHTML={{ __html: actionData.qr! }} />
            <p className="no-print">
              <a href={actionData.url} className="invite-link">
                重置链接
              </a>
            </p>
            <div className="actions no-print">
              <PrintButton />
            </div>
          </div>
        ) : (
          <Form method="post" className="form" noValidate>
            <FormError message={actionData && 'message' in actionData ? actionData.message : undefined} />
            <p>
              生成一次性重置二维码，交给 {e.name} 本人扫码设置新密码（{RESET_TOKEN_HOURS}
              小时内有效）。设置前旧密码仍然可用；您不会看到新密码。
              {account.liveResetUntil
                ? ` 已有一个未使用的重置二维码（${formatDateTime(account.liveResetUntil)} 前有效），重新生成会使其作废。`
                : ''}
            </p>
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                生成重置二维码
              </button>
            </div>
          </Form>
        )}
      </section>
    </>
  )
}
