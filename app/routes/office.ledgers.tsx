import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { withActor } from '../db.server'
import { requireSafetyOffice } from '../modules/auth/auth.server'
import { officeMonth } from '../modules/leaderledger/leaderledger.server'
import {
  chineseDay,
  chineseMonth,
  currentSheetMonth,
  monthKey,
  parseMonthKey,
  recentMonths,
  POSITION_LABELS,
  SUBMISSION_LABELS,
} from '../modules/leaderledger/rules'
import { formatDateTime } from '../utils/dates'

export const meta: MetaFunction = () => [{ title: '台账报送 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSafetyOffice(request, 'officeLedgers')
  const raw = new URL(request.url).searchParams.get('month') ?? ''
  return withActor(actor, request, async (ctx) => {
    const current = currentSheetMonth(ctx.now)
    // a month not yet begun has nothing to show: the current month is the latest
    const asked = parseMonthKey(raw)
    const m = asked && monthKey(asked) <= monthKey(current) ? asked : current
    const recent = recentMonths(current, 12)
    return { ...(await officeMonth(ctx, m)), key: monthKey(m), months: recent.map((x) => ({ key: monthKey(x), label: chineseMonth(x) })) }
  })
}

export default function OfficeLedgers() {
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{chineseMonth(d.month)} 党政同责一岗双责台账报送情况</h1>
          <p>
            {d.officeName}：本级各部门主要领导及班子成员的履职统计表，每月26日前由领导本人签字报送（本月截止 {chineseDay(d.dueDay)}
            ，逢周末、节假日不顺延）。
          </p>
        </div>
      </div>
      <Form method="get" className="toolbar no-print">
        <div className="field">
          <label htmlFor="month">月份</label>
          <select id="month" name="month" defaultValue={d.key}>
            {d.months.map((m) => (
              <option key={m.key} value={m.key}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-secondary">
          查看
        </button>
      </Form>
      <div className="stats">
        <div className="stat">
          <b>{d.rows.length}</b>
          <span>应报送</span>
        </div>
        <div className="stat">
          <b>{d.counts.submitted}</b>
          <span>已报送</span>
        </div>
        <div className={`stat${d.counts.late ? ' stat-red' : ''}`}>
          <b>{d.counts.late}</b>
          <span>逾期（26日后）</span>
        </div>
      </div>
      <div className="table-wrap">
        <table className="data">
          <caption>{chineseMonth(d.month)}各领导履职统计表</caption>
          <thead>
            <tr>
              <th scope="col">单位</th>
              <th scope="col">领导</th>
              <th scope="col">职务</th>
              <th scope="col">记录人员</th>
              <th scope="col">记录条数</th>
              <th scope="col">报送情况</th>
              <th scope="col">打印</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.leaderId} className={r.state === 'late' ? 'row-red' : undefined}>
                <td>{r.departmentName}</td>
                <td>{r.leaderName}</td>
                <td>
                  {r.title}（{POSITION_LABELS[r.position]}）
                </td>
                <td>{r.recorderName}</td>
                <td>{r.entries ?? '—'}</td>
                <td>
                  <span
                    className={`badge${r.state === 'late' ? ' badge-red' : r.state === 'submitted' ? ' badge-green' : r.state === 'submitted_late' ? ' badge-amber' : ''}`}
                  >
                    {SUBMISSION_LABELS[r.state]}
                  </span>
                  {r.submittedAt ? <span className="muted"> {formatDateTime(r.submittedAt)}</span> : null}
                </td>
                <td>
                  {r.submittedAt ? (
                    <>
                      <Link to={`/ledgers/${r.leaderId}/${d.month.year}/print?month=${d.month.month}`}>本月</Link>
                      {' · '}
                    </>
                  ) : null}
                  <Link to={`/ledgers/${r.leaderId}/${d.month.year}/print`}>全年</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.rows.length === 0 ? <p className="muted">本级尚未登记需建立台账的领导。</p> : null}
    </>
  )
}
