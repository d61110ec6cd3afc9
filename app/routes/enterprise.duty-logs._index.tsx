import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { dutyLogPeople } from '../modules/dutylogs/dutylogs.server'
import { monthLabel } from '../modules/dutylogs/rules'

export const meta: MetaFunction = () => [{ title: '履职记录 · 安责通' }]

// The 履职记录 of tier 1–4 post holders and safety staff: the admin sees everyone, a head those below
// them in the approval chain (and themselves); who has months unsigned comes first.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.dutyLogs.open)
  const people = await withActor(actor, request, (ctx) => dutyLogPeople(ctx))
  return { people: [...people].sort((a, b) => b.missing.length - a.missing.length), hasEmployee: !!actor.employeeId }
}

export default function DutyLogs() {
  const { people, hasEmployee } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>履职记录</h1>
          <p>第1至4级岗位负责人和安全管理人员按月记录履职情况，本人签字存档（《安全生产法》第二十二条）。</p>
        </div>
        {hasEmployee ? (
          <Link to="/me/duty-log" className="btn">
            填写我的履职记录
          </Link>
        ) : null}
      </div>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">工号</th>
            <th scope="col">岗位</th>
            <th scope="col">未签字月份</th>
          </tr>
        </thead>
        <tbody>
          {people.length ? (
            people.map((p) => (
              <tr key={p.employeeId}>
                <td>
                  <Link to={`/enterprise/duty-logs/${p.employeeId}`}>{p.name}</Link>
                </td>
                <td>{p.employeeNo}</td>
                <td>{p.posts.join('、')}</td>
                <td>
                  {p.missing.length ? (
                    <span className="badge badge-red" title={p.missing.map(monthLabel).join('、')}>
                      {p.missing.length} 个月
                    </span>
                  ) : (
                    <span className="badge badge-green">齐全</span>
                  )}
                </td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={4} className="muted">
                没有您可以查看的履职记录
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  )
}
