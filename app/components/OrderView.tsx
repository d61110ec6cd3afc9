import type { RectificationStatus } from '../../db/types'
import { Link } from '@remix-run/react'
import { formatDateTime } from '../utils/dates'
import { OrderBadge } from './Supervision'

// 责令限期整改指令书 and its history, as both sides see it.

const EVENT_LABELS = { answer: '企业提交整改情况', accept: '复查合格，予以销号', return: '复查不合格，退回重新整改' } as const

export interface OrderDetail {
  enterpriseId: string
  enterpriseName: string
  order: {
    documentNo: string
    departmentName: string
    issuedBy: string
    issuedAt: string
    dueDate: string
    status: RectificationStatus
    closedAt: string | null
    overdue: boolean
  }
  items: {
    no: number
    problem: string
    requirement: string
    dueDate: string
    overdue: boolean
    /** the hazard the item became in the enterprise's 隐患台账 (issue 15 §4) */
    hazard?: { id: string; label: string; closed: boolean } | null
  }[]
  events: {
    id: string
    kind: 'answer' | 'accept' | 'return'
    note: string
    byName: string
    at: string
    files: { id: string; name: string; size: number }[]
  }[]
}

export function OrderView({
  d,
  today,
  fileHref,
  hazardHref,
}: {
  d: OrderDetail
  today: string
  fileHref: (fileId: string) => string
  /** where an item's hazard opens on this side */
  hazardHref?: (hazardId: string) => string
}) {
  const linked = d.items.some((i) => i.hazard)
  return (
    <>
      <article className="a4">
        <header className="a4-head">
          <div>
            <p className="a4-org">{d.order.departmentName}</p>
            <h1>责令限期整改指令书</h1>
            <p>{d.order.documentNo}</p>
          </div>
        </header>
        <p>
          <b>{d.enterpriseName}</b>
          ：经检查，你单位存在下列问题，依据《中华人民共和国安全生产法》第六十五条，责令你单位于下列期限内整改完毕，并将整改情况连同佐证材料报送我单位复查。
        </p>
        <table className="signatures">
          <thead>
            <tr>
              <th>序号</th>
              <th>存在问题</th>
              <th>整改要求</th>
              <th>整改期限</th>
              {linked ? <th>隐患治理</th> : null}
            </tr>
          </thead>
          <tbody>
            {d.items.map((i) => (
              <tr key={i.no} className={i.overdue ? 'row-red' : undefined}>
                <td>{i.no}</td>
                <td>{i.problem}</td>
                <td>{i.requirement}</td>
                <td className="day">{i.overdue ? <span className="badge badge-red">{`${i.dueDate} 已逾期`}</span> : i.dueDate}</td>
                {linked ? (
                  <td className="order-hazard">
                    {i.hazard ? (
                      <span className={i.hazard.closed ? 'badge badge-green' : undefined}>
                        {hazardHref ? <Link to={hazardHref(i.hazard.id)}>{i.hazard.label}</Link> : i.hazard.label}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="sign-block">
          下达人：{d.order.issuedBy} · 下达时间：{formatDateTime(d.order.issuedAt)} · 当前状态：
          <OrderBadge order={d.order} today={today} />
        </p>
      </article>
      <section className="card">
        <h2>整改与复查记录</h2>
        {d.events.length ? (
          <ol className="timeline">
            {d.events.map((e) => (
              <li key={e.id}>
                <p>
                  <b>{EVENT_LABELS[e.kind]}</b> · {e.byName} · {formatDateTime(e.at)}
                </p>
                <p className="pre">{e.note}</p>
                {e.files.length ? (
                  <p>
                    佐证材料：
                    {e.files.map((f, i) => (
                      <span key={f.id}>
                        {i ? '、' : ''}
                        <a href={fileHref(f.id)} target="_blank" rel="noreferrer">
                          {f.name}
                        </a>
                      </span>
                    ))}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>企业尚未提交整改情况。</p>
        )}
      </section>
    </>
  )
}
