import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getSelfCheck, signSelfCheck } from '../modules/obligations/obligations.server'
import { OBLIGATION_STATUS_CLASS } from '../modules/obligations/schema'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '自查表 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.open)
  const id = uuidParam(params, 'id')
  const check = await withActor(actor, request, (ctx) => getSelfCheck(ctx, id))
  return { check, canSign: check.canSign }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.sign)
  const id = uuidParam(params, 'id')
  const result = await withActor(actor, request, (ctx) => signSelfCheck(ctx, id))
  if (!result.ok) return data({ message: result.message }, { status: 400 })
  return redirect(`/enterprise/self-checks/${id}`)
}

export default function SelfCheck() {
  const { check: c, canSign } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <a href={`/enterprise/self-checks/${c.id}/export`} className="btn btn-secondary" download>
          下载自查表（.xlsx）
        </a>
        <Link to="/enterprise/self-checks" className="btn btn-secondary">
          返回自查记录
        </Link>
        {canSign ? (
          <Form method="post">
            <button type="submit" className="btn" disabled={busy}>
              主要负责人签字
            </button>
          </Form>
        ) : null}
      </div>
      <FormError message={actionData?.message} />
      <article className="a4">
        <header className="a4-head">
          <div>
            <p className="a4-org">{c.enterpriseName}</p>
            <h1>企业安全生产主体责任二十条自查表</h1>
            <p>
              自查时间：{formatDateTime(c.createdAt)} · 发起人：{c.createdBy}
            </p>
          </div>
        </header>
        <table className="signatures selfcheck">
          <thead>
            <tr>
              <th>条</th>
              <th>内容</th>
              <th>落实情况</th>
              <th>依据与说明</th>
            </tr>
          </thead>
          <tbody>
            {c.items.map((i) => (
              <tr key={i.no}>
                <td>{i.no}</td>
                <td>{i.title}</td>
                <td>{i.shown ? <span className={`badge ${OBLIGATION_STATUS_CLASS[i.shown]}`}>{i.shown}</span> : '未评估'}</td>
                <td>
                  {i.basis}
                  {i.figures.length ? <div className="muted">{i.figures.map((f) => `${f.label} ${f.value}`).join('；')}</div> : null}
                  {i.warning ? <div className="field-error">{i.warning}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p style={{ marginTop: '1rem' }}>
          主要负责人签字：
          {c.signedBy ? (
            <span className="sign-name">
              {c.signedBy}（{c.signedPost}） {formatDateTime(c.signedAt!)}
            </span>
          ) : (
            <span className="badge badge-amber">待签字</span>
          )}
        </p>
      </article>
    </>
  )
}
