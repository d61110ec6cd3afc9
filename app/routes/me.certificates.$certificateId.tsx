import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CertificateBadge } from '../components/CertificateBadge'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { myCertificate } from '../modules/training/training.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.kind ?? '证书'} · 我的履责` }]

// One of the signed-in worker's own certificates, read-only, with its 90/30-day warning.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const id = uuidParam(params, 'certificateId')
  return withActor(actor, request, (ctx) => myCertificate(ctx, id))
}

export default function MyCertificate() {
  const c = useLoaderData<typeof loader>()
  const what = c.dueOn !== c.expires_on ? '复审' : '到期'
  return (
    <div className="me">
      <div className="page-head">
        <div>
          <h1>{c.kind}</h1>
          <p>
            <CertificateBadge state={c.state} label={c.stateLabel} />
          </p>
        </div>
        <Link to="/me#certificates" className="btn btn-secondary">
          返回我的履责
        </Link>
      </div>
      <section className="card">
        <dl className="facts">
          <dt>证书编号</dt>
          <dd>{c.number}</dd>
          <dt>发证机关</dt>
          <dd>{c.authority}</dd>
          <dt>发证日期</dt>
          <dd>{c.issued_on}</dd>
          <dt>有效期至</dt>
          <dd>{c.expires_on}</dd>
          <dt>复审日期</dt>
          <dd>{c.review_due_on ?? '—'}</dd>
        </dl>
        {c.state === 'expiring30' || c.state === 'expiring90' ? (
          <p className="hint">
            将于 {c.dueOn} {what}。特种作业操作证的复审应在到期前60日内提出申请，请及时与安全管理员联系。
          </p>
        ) : null}
        {c.state === 'expired' ? (
          <p className="bad">
            已于 {c.dueOn} {what === '复审' ? '超过复审日期' : '过期'}，请立即与安全管理员联系，期间不得从事需持证的作业。
          </p>
        ) : null}
      </section>
    </div>
  )
}
