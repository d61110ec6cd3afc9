import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError } from '../components/Field'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { issueInvitations } from '../modules/acknowledgements/invitations.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { listOrgUnits } from '../modules/org/org.server'
import { absoluteUrl, qrSvg } from '../modules/print/qr.server'
import { formValues } from '../utils/form'
import { formatDate } from '../utils/dates'

export const meta: MetaFunction = () => [{ title: '邀请单 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.confirmations.manage)
  return withActor(actor, request, async (ctx) => ({ units: await listOrgUnits(ctx) }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.confirmations.manage)
  const parsed = z.object({ unitId: z.string().uuid({ error: '请选择部门' }) }).safeParse(formValues(await request.formData()))
  if (!parsed.success) return data({ error: '请选择部门', sheet: null }, { status: 400 })
  const { unitName, issued } = await withActor(actor, request, (ctx) => issueInvitations(ctx, parsed.data.unitId))
  // Tokens exist only in this response: the database keeps their hashes, so the sheet is printed now.
  const cards = await Promise.all(
    issued.map(async (i) => {
      const url = i.token ? absoluteUrl(request, `/invite/${i.token}`) : null
      return { ...i, token: null, url, qr: url ? await qrSvg(url) : null }
    }),
  )
  return { error: null, sheet: { unitName, cards } }
}

export default function Invitations() {
  const { units } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const sheet = actionData?.sheet
  return (
    <>
      <div className="page-head no-print">
        <div>
          <h1>职工邀请单</h1>
          <p>
            按部门生成，每人一张二维码：扫码设置密码后即可用手机号登录、阅读并签字确认本岗位责任清单。二维码仅能使用一次，14天内有效；重新生成会使旧二维码作废。
          </p>
        </div>
        <Link to="/enterprise/confirmations" className="btn btn-secondary">
          返回签字确认
        </Link>
      </div>
      <section className="card no-print">
        <Form method="post" className="form" noValidate>
          <div className="form-grid">
            <Field
              name="unitId"
              label="部门（含下级）"
              error={actionData?.error ?? undefined}
              options={units.map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }))}
              required
            />
          </div>
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              生成邀请单
            </button>
          </div>
        </Form>
      </section>
      {sheet ? (
        <>
          <div className="actions no-print" style={{ marginBottom: '1rem' }}>
            <PrintButton />
            <span className="muted">
              {sheet.unitName}：{sheet.cards.filter((c) => c.qr).length} 人
            </span>
          </div>
          {sheet.cards.length === 0 ? <FormError message="该部门没有在岗人员" /> : null}
          {sheet.cards.some((c) => c.active) ? (
            <p className="muted no-print" data-testid="already-active">
              已开通（已有账号，不发邀请）：
              {sheet.cards
                .filter((c) => c.active)
                .map((c) => `${c.name}（${c.employeeNo}）`)
                .join('、')}
            </p>
          ) : null}
          <div className="invite-sheet">
            {sheet.cards
              .filter((c) => !c.active)
              .map((c) => (
                <div key={c.employeeId} className="invite-card">
                  <b>{c.name}</b>
                  <div className="muted">
                    {c.employeeNo} · {c.unitName}
                  </div>
                  <div>{c.posts.join('、')}</div>
                  {c.qr ? (
                    <>
                      <div dangerouslySetInnerHTML={{ __html: c.qr }} />
                      <div>手机扫码激活，{c.expiresAt ? formatDate(c.expiresAt) : ''} 前有效</div>
                      <a className="no-print invite-link" href={c.url!}>
                        邀请链接
                      </a>
                    </>
                  ) : (
                    <p className="field-error">{c.problem}</p>
                  )}
                </div>
              ))}
          </div>
        </>
      ) : null}
    </>
  )
}
