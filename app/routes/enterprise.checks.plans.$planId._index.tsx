import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PeriodBadge } from '../components/Checks'
import { RiskLevelBadge } from '../components/Hazards'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { planDetail } from '../modules/checks/checks.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.plan.name ?? '排查计划'} · 安责通` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.open)
  const planId = uuidParam(params, 'planId')
  const saved = new URL(request.url).searchParams.get('saved') === '1'
  return { saved, ...(await withActor(actor, request, (ctx) => planDetail(ctx, planId))) }
}

export default function PlanPage() {
  const { plan, items, periods, canManage, saved } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{plan.name}</h1>
          <p>
            {plan.kindName} · {plan.frequencyName} · 执行岗位：{plan.postName} · {plan.startOn} 起{plan.endOn ? `，${plan.endOn} 止` : ''}
          </p>
        </div>
        <div className="actions">
          {canManage ? (
            <Link to={`/enterprise/checks/plans/${plan.id}/edit`} className="btn">
              修改计划
            </Link>
          ) : null}
          <Link to="/enterprise/checks" className="btn btn-secondary">
            返回
          </Link>
        </div>
      </div>
      {saved ? (
        <p className="notice" role="status">
          排查计划已保存。
        </p>
      ) : null}
      <section className="card">
        <h2>排查项目（{items.length}）</h2>
        <ol>
          {items.map((i) => (
            <li key={`${i.riskId}:${i.measureKind}`}>
              {i.pointName} · {i.hazardSource} <RiskLevelBadge level={i} />
              <div>
                {i.measureKindName}：{i.content}
              </div>
            </li>
          ))}
        </ol>
      </section>
      <section className="card">
        <h2>各期完成情况</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>周期</th>
                <th>截止</th>
                <th>状态</th>
                <th>排查记录</th>
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => (
                <tr key={p.key}>
                  <td>{p.label}</td>
                  <td>{p.end}</td>
                  <td>
                    <PeriodBadge state={p.state} />
                  </td>
                  <td>
                    {p.checks.length
                      ? p.checks.map((c) => (
                          <div key={c.id}>
                            <Link to={`/enterprise/checks/records/${c.id}`}>
                              {c.checker} {formatDateTime(c.at)}
                            </Link>
                            {c.hazards ? (
                              <span className="badge badge-red">发现隐患 {c.hazards} 项</span>
                            ) : (
                              <span className="muted"> 全部正常</span>
                            )}
                          </div>
                        ))
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
