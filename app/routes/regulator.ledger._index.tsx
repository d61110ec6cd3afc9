import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { myBooks } from '../modules/leaderledger/leaderledger.server'
import { POSITION_LABELS, SUBMISSION_LABELS } from '../modules/leaderledger/rules'

export const meta: MetaFunction = () => [{ title: '履职台账 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'leaderLedger')
  return withActor(actor, request, (ctx) => myBooks(ctx))
}

export default function LeaderLedgerBooks() {
  const { years, current, books } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>安全生产党政同责一岗双责台账</h1>
          <p>
            一人一本：记录人员每月整理领导的履职统计表，领导本人签字后报送同级安委办（每月26日前；每月台账记录上月26日至本月25日的工作）。
          </p>
        </div>
      </div>
      {books.length === 0 ? (
        <p className="card">您不是台账所记录的领导，也不是指定的记录人员。</p>
      ) : (
        books.map((b) => (
          <section className="card" key={b.leaderId}>
            <h2>
              {b.leaderName} · {b.title}
              <span className="muted">
                {' '}
                （{POSITION_LABELS[b.position]}
                {b.chargeAreas.length ? `，分管${b.chargeAreas.join('、')}` : ''}）
              </span>
            </h2>
            <p className="muted">
              {b.departmentName} · 记录人员 {b.recorderName} · {b.role === 'leader' ? '我的台账' : '我负责记录'}
            </p>
            <table className="data">
              <caption>最近十二个月的履职统计表</caption>
              <thead>
                <tr>
                  <th scope="col">月份</th>
                  <th scope="col">报送情况</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {b.months.map((m) => (
                  <tr key={m.key}>
                    <td>{m.label}</td>
                    <td>
                      <span className={`badge${m.state === 'late' ? ' badge-red' : m.state === 'submitted' ? ' badge-green' : ''}`}>
                        {SUBMISSION_LABELS[m.state]}
                      </span>
                    </td>
                    <td>
                      <Link to={`/regulator/ledger/${b.leaderId}/${m.key}`}>
                        {m.key !== current ? '查看' : b.role === 'leader' ? '查看本月' : '整理本月'}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="actions">
              {years.map((y) => (
                <Link key={y} className="btn btn-secondary" to={`/ledgers/${b.leaderId}/${y}/print`}>
                  打印{y}年度台账（封面、总目录、页码）
                </Link>
              ))}
            </p>
          </section>
        ))
      )}
    </>
  )
}
