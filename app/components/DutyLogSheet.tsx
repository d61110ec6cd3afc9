import { formatDateTime } from '../utils/dates'
import { dutyTableRows, monthLabel } from '../modules/dutylogs/rules'

// One month's 履职统计表 as read and printed (序号, 时间, 工作内容, 参加人员, 备注), the person's signature
// and the 更正 appended after it. The editable page adds its controls around it.
export function DutyLogSheet({
  enterpriseName,
  person,
  month,
  entries,
  corrections,
  signed,
  removable,
}: {
  enterpriseName?: string
  person: { name: string; posts: string }
  month: string
  entries: { id: string; occurred_on: string; content: string; participants: string; remark: string; source: string | null }[]
  corrections: { id: string; content: string; signed_name: string | null; signed_at: string | null }[]
  signed: { name: string; posts: string; at: string } | null
  /** the remove button of an unsigned entry (the person's own page) */
  removable?: (entryId: string) => React.ReactNode
}) {
  const byId = new Map(entries.map((e) => [e.id, e]))
  const rows = dutyTableRows(entries.map((e) => ({ ...e, occurredOn: e.occurred_on, id: e.id })))
  const ids = [...entries].sort((a, b) => a.occurred_on.localeCompare(b.occurred_on)).map((e) => e.id)
  return (
    <article className="a4 duty-log">
      <header className="a4-head">
        <div>
          {enterpriseName ? <p className="a4-org">{enterpriseName}</p> : null}
          <h1>{monthLabel(month)}安全生产履职记录</h1>
          <p>
            姓名：{person.name} · 岗位：{person.posts || '—'}
          </p>
        </div>
      </header>
      <table className="signatures duty-log-table">
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">时间</th>
            <th scope="col">工作内容</th>
            <th scope="col">参加人员</th>
            <th scope="col">备注</th>
            {removable ? <th scope="col" className="no-print"></th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.length ? (
            rows.map((r, i) => (
              <tr key={ids[i]}>
                <td>{r.no}</td>
                <td>{r.time}</td>
                <td>
                  {r.content}
                  {byId.get(ids[i]!)?.source ? <span className="muted no-print">（取自平台记录）</span> : null}
                </td>
                <td>{r.participants}</td>
                <td>{r.remark}</td>
                {removable ? <td className="no-print">{removable(ids[i]!)}</td> : null}
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={removable ? 6 : 5} className="muted">
                本月尚无记录
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <p className="sign-block">
        本人签字：
        {signed ? (
          <span className="sign-name">
            {signed.name}（{signed.posts}） {formatDateTime(signed.at)}
          </span>
        ) : (
          <span className="badge badge-amber">待签字</span>
        )}
      </p>
      {corrections.length ? (
        <section className="corrections">
          <h2>更正记录</h2>
          <ol>
            {corrections.map((c) => (
              <li key={c.id}>
                {c.content}
                <span className="muted">
                  {' '}
                  — {c.signed_name} {c.signed_at ? formatDateTime(c.signed_at) : ''} 签字
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  )
}
