import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { trainingCard } from '../modules/training/training.server'
import { todayInShanghai } from '../utils/dates'
import { uuidParam } from '../utils/http'

// 个人安全培训档案: one worker's training record card, printable on A4.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `安全培训档案 · ${data?.employee.name ?? ''}` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.open)
  const employeeId = uuidParam(params, 'employeeId')
  return withActor(actor, request, (ctx) => trainingCard(ctx, employeeId, Number(todayInShanghai(ctx.now).slice(0, 4))))
}

export default function TrainingCard() {
  const c = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
      </div>
      <article className="a4">
        <header className="a4-head">
          <div>
            <p className="a4-org">{c.enterpriseName}</p>
            <h1>从业人员安全培训档案</h1>
            <p>
              姓名：{c.employee.name} · 工号：{c.employee.employee_no} · 用工形式：{c.employee.employment_type} · 入职日期：
              {c.employee.hired_on}
            </p>
          </div>
        </header>
        {c.hours ? (
          <p>
            {c.year} 年：{c.hours.basis}；已完成 {c.hours.achieved} 学时
            {c.hours.shortfall ? `，尚差 ${c.hours.shortfall} 学时` : '，已达标'}
            {c.hours.missingLevels.length ? `；缺 ${c.hours.missingLevels.join('、')}` : ''}。
          </p>
        ) : null}
        <h2>培训记录</h2>
        <table className="signatures">
          <thead>
            <tr>
              <th>日期</th>
              <th>内容</th>
              <th>类别</th>
              <th>学时</th>
              <th>授课人</th>
              <th>考核</th>
            </tr>
          </thead>
          <tbody>
            {c.sessions.map((s, i) => (
              <tr key={i}>
                <td>{s.held_on}</td>
                <td>{s.topic}</td>
                <td>
                  {s.kind}
                  {s.level ? `（${s.level}）` : ''}
                </td>
                <td>{s.hours}</td>
                <td>{s.trainer}</td>
                <td>{s.result ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>持证情况</h2>
        {c.certificates.length ? (
          <table className="signatures">
            <tbody>
              {c.certificates.map((x) => (
                <tr key={x.id}>
                  <td>{x.kind}</td>
                  <td>{x.number}</td>
                  <td>
                    {x.issued_on} 至 {x.expires_on}
                  </td>
                  <td>{x.stateLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">无</p>
        )}
      </article>
    </>
  )
}
