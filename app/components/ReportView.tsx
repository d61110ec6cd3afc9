import type { ReportSnapshot } from '../../db/types'
import { OBLIGATION_STATUS_CLASS } from '../modules/obligations/schema'
import { formatDateTime } from '../utils/dates'

// A status report as published: the areas, the twenty items, the open problems — frozen.
export function ReportView({
  r,
}: {
  r: {
    enterpriseName: string
    snapshot: ReportSnapshot
    createdAt: string
    createdBy: string
    signedBy: string | null
    publishedAt: string | null
    ledgerAnchor?: { seq: number; hash: string } | null
  }
}) {
  return (
    <article className="a4">
      <header className="a4-head">
        <div>
          <p className="a4-org">{r.enterpriseName}</p>
          <h1>安全生产状况报告</h1>
          <p>
            数据截至 {r.snapshot.asOf} · 编制：{r.createdBy} ·{' '}
            {r.publishedAt ? `主要负责人 ${r.signedBy} 于 ${formatDateTime(r.publishedAt)} 签字发布` : '待主要负责人签字发布'}
          </p>
        </div>
      </header>
      <h2>各方面情况</h2>
      <table className="signatures">
        <tbody>
          {r.snapshot.areas.map((a) => (
            <tr key={a.name}>
              <th>{a.name}</th>
              <td>{a.bad ? <span className="badge badge-red">{a.value}</span> : a.value}</td>
              <td>{a.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>主体责任二十条</h2>
      <div className="obligation-grid small">
        {r.snapshot.items.map((i) => (
          <span
            key={i.no}
            className={`obligation-cell ${i.shown ? OBLIGATION_STATUS_CLASS[i.shown] : 'badge-grey'}`}
            title={`${i.no}. ${i.title}：${i.shown ?? '未评估'}`}
          >
            <b>{i.no}</b>
            <span>{i.shown ?? '未评估'}</span>
          </span>
        ))}
      </div>
      <h2>存在的问题</h2>
      {r.snapshot.actions.length ? (
        <ol>
          {r.snapshot.actions.map((a) => (
            <li key={a.text}>{a.text}</li>
          ))}
        </ol>
      ) : (
        <p>无</p>
      )}
      {r.ledgerAnchor ? (
        <p className="a4-foot ledger-anchor">
          签字确认台账锚点（签字发布时冻结）：{r.ledgerAnchor.seq ? `第 ${r.ledgerAnchor.seq} 条` : '第 0 条（尚无签字确认记录）'} · 哈希{' '}
          <code>{r.ledgerAnchor.hash}</code>
        </p>
      ) : null}
    </article>
  )
}
