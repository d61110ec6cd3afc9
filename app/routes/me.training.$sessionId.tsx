import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { MeRecordHead } from '../components/MeRecordHead'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { mySession } from '../modules/training/training.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.topic ?? '培训'} · 我的履责` }]

// A session the signed-in worker attended, read-only (their own result; not who else attended).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const id = uuidParam(params, 'sessionId')
  return withActor(actor, request, (ctx) => mySession(ctx, id))
}

export default function MySession() {
  const s = useLoaderData<typeof loader>()
  return (
    <div className="me">
      <MeRecordHead title={s.topic} kind="培训记录" section="training" />
      <section className="card">
        <dl className="facts">
          <dt>日期</dt>
          <dd>{s.held_on}</dd>
          <dt>类别</dt>
          <dd>
            {s.kind}
            {s.level ? `（${s.level}）` : ''}
          </dd>
          <dt>学时</dt>
          <dd>{s.hours}</dd>
          <dt>授课人</dt>
          <dd>{s.trainer || '—'}</dd>
          <dt>地点</dt>
          <dd>{s.place || '—'}</dd>
          <dt>考核方式</dt>
          <dd>{s.assessment || '—'}</dd>
          <dt>我的考核结果</dt>
          <dd>{s.result ?? '未登记（计入学时）'}</dd>
        </dl>
      </section>
    </div>
  )
}
