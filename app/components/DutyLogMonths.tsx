import { Link } from '@remix-run/react'
import { formatDateTime } from '../utils/dates'
import { monthLabel } from '../modules/dutylogs/rules'

const STATE = {
  signed: { label: '已签字', className: 'badge-green' },
  missing: { label: '未签字', className: 'badge-red' },
  open: { label: '填写中', className: 'badge-amber' },
} as const

// A person's 履职记录 months: state, entries, when signed; each opens its sheet.
export function DutyLogMonths({
  months,
  hrefOf,
}: {
  months: { month: string; entries: number; corrections: number; signedAt: string | null; state: keyof typeof STATE }[]
  hrefOf: (month: string) => string
}) {
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">月份</th>
          <th scope="col">状态</th>
          <th scope="col">记录</th>
          <th scope="col">签字时间</th>
        </tr>
      </thead>
      <tbody>
        {months.map((m) => (
          <tr key={m.month}>
            <td>
              <Link to={hrefOf(m.month)}>{monthLabel(m.month)}</Link>
            </td>
            <td>
              <span className={`badge ${STATE[m.state].className}`}>{STATE[m.state].label}</span>
            </td>
            <td>
              {m.entries} 条{m.corrections ? `，更正 ${m.corrections}` : ''}
            </td>
            <td>{m.signedAt ? formatDateTime(m.signedAt) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
