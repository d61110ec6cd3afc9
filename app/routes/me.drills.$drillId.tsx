import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { MeRecordHead } from '../components/MeRecordHead'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { myDrill } from '../modules/drills/drills.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.planTitle ?? '演练'} · 我的履责` }]

// A drill the signed-in worker took part in, read-only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const id = uuidParam(params, 'drillId')
  return withActor(actor, request, (ctx) => myDrill(ctx, id))
}

export default function MyDrill() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className="me">
      <MeRecordHead title={d.planTitle} kind="应急演练记录" section="drills" />
      <section className="card">
        <dl className="facts">
          <dt>日期</dt>
          <dd>{d.held_on}</dd>
          <dt>预案类别</dt>
          <dd>{d.planKind}</dd>
          <dt>演练形式</dt>
          <dd>{d.form}演练</dd>
          <dt>参演人数</dt>
          <dd>{d.participants} 人</dd>
        </dl>
        <h2>演练概况</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>{d.summary}</p>
      </section>
    </div>
  )
}
