import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PeriodBadge } from '../components/Checks'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { plansOverview } from '../modules/checks/checks.server'

// 隐患排查: the plans, each with this quarter's periods done / missed and its recent periods, so the
// safety officer sees at a glance which checks were not done.
export const meta: MetaFunction = () => [{ title: '隐患排查 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.open)
  const saved = new URL(request.url).searchParams.get('saved') === '1'
  return { saved, ...(await withActor(actor, request, (ctx) => plansOverview(ctx))) }
}

export default function ChecksPage() {
  const { plans, total, quarterLabel, canManage, saved } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>隐患排查</h1>
          <p>排查计划由风险分级管控清单的管控措施生成，按频次由岗位人员在手机上逐项排查、签字；发现的隐患自动进入隐患台账。</p>
        </div>
        <div className="actions">
          {canManage ? (
            <Link to="/enterprise/checks/plans/new" className="btn">
              新建排查计划
            </Link>
          ) : null}
          <Link to="/enterprise/checks/list" className="btn btn-secondary">
            排查清单
          </Link>
        </div>
      </div>
      {saved ? (
        <p className="notice" role="status">
          排查计划已保存。
        </p>
      ) : null}
      <div className="stats">
        <div className="stat">
          <b>{plans.length}</b>
          <span>排查计划</span>
        </div>
        <div className="stat">
          <b>
            {total.done} / {total.due}
          </b>
          <span>{quarterLabel}按期完成</span>
        </div>
        <div className={`stat${total.missed ? ' stat-red' : ''}`}>
          <b>{total.missed}</b>
          <span>逾期未排查</span>
        </div>
        <div className="stat">
          <b>{total.open}</b>
          <span>今日待排查</span>
        </div>
      </div>
      {plans.length === 0 ? (
        <section className="card">
          <p>还没有排查计划。{canManage ? '点击“新建排查计划”，从排查清单中选择项目，指定执行岗位和频次。' : ''}</p>
        </section>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">排查计划</caption>
            <thead>
              <tr>
                <th>计划</th>
                <th>类型 / 频次</th>
                <th>执行岗位</th>
                <th className="num">项目</th>
                <th>{quarterLabel}</th>
                <th>最近各期</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/enterprise/checks/plans/${p.id}`}>{p.name}</Link>
                    {p.active ? null : <div className="muted">已停用（{p.endOn} 结束）</div>}
                  </td>
                  <td>
                    {p.kindName} · {p.frequencyName}
                  </td>
                  <td>{p.postName}</td>
                  <td className="num">{p.items}</td>
                  <td>
                    完成 {p.quarter.done} / {p.quarter.due}
                    {p.quarter.missed ? <div className="field-error">逾期 {p.quarter.missed} 期</div> : null}
                  </td>
                  <td>
                    <ul className="plain period-strip">
                      {p.recent
                        .slice()
                        .reverse()
                        .slice(0, 4)
                        .map((r) => (
                          <li key={r.key}>
                            <span className="muted">{r.label}</span> <PeriodBadge state={r.state} />
                          </li>
                        ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
