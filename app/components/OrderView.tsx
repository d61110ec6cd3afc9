import type { OrderAnswerHazard, RectificationStatus } from '../../db/types'
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
    /** why the item cannot be answered yet: its hazard is still open */
    refusal?: string | null
  }[]
  events: {
    id: string
    kind: 'answer' | 'accept' | 'return'
    note: string
    byName: string
    at: string
    files: { id: string; name: string; size: number }[]
    /** an answer's record of each item's closed hazard */
    hazards?: OrderAnswerHazard[]
  }[]
}

export function OrderView({
  d,
  today,
  fileHref,
  hazardHref,
  hazardFileHref,
}: {
  d: OrderDetail
  today: string
  fileHref: (fileId: string) => string
  /** where an item's hazard opens on this side */
  hazardHref?: (hazardId: string) => string
  /** where a hazard's rectification photo opens on this side */
  hazardFileHref?: (hazardId: string, fileId: string) => string
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
                {e.hazards?.length ? <AnswerHazards hazards={e.hazards} hazardHref={hazardHref} hazardFileHref={hazardFileHref} /> : null}
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

/** The hazards an answer closed, as the department's 复查 reads them: one row per order item. */
function AnswerHazards({
  hazards,
  hazardHref,
  hazardFileHref,
}: {
  hazards: OrderAnswerHazard[]
  hazardHref?: (hazardId: string) => string
  hazardFileHref?: (hazardId: string, fileId: string) => string
}) {
  return (
    <table className="signatures answer-hazards">
      <caption>隐患治理记录（随整改情况报送）</caption>
      <thead>
        <tr>
          <th>项</th>
          <th>隐患</th>
          <th>整改措施</th>
          <th>整改完成</th>
          <th>验收 / 核销</th>
          <th>整改照片</th>
        </tr>
      </thead>
      <tbody>
        {hazards.map((h) => (
          <tr key={h.hazardId}>
            <td>{h.itemNo}</td>
            <td>
              {hazardHref ? <Link to={hazardHref(h.hazardId)}>{`隐患第${h.no}号`}</Link> : `隐患第${h.no}号`}
              {h.grade === 'major' ? '（重大）' : h.grade === 'general' ? '（一般）' : ''}
            </td>
            <td className="pre">{h.measures ?? '—'}</td>
            <td>
              {h.rectified
                ? `${h.rectified.by} · ${formatDateTime(h.rectified.at)}${h.rectified.note ? `：${h.rectified.note}` : ''}`
                : '—'}
            </td>
            <td>
              {h.closed
                ? `${h.closed.step === 'write_off' ? '核销' : '验收合格'} · ${h.closed.by} · ${formatDateTime(h.closed.at)}${h.closed.note ? `：${h.closed.note}` : ''}`
                : '—'}
            </td>
            <td>
              {h.photos.length
                ? h.photos.map((p, i) => (
                    <span key={p.id}>
                      {i ? '、' : ''}
                      {hazardFileHref ? (
                        <a href={hazardFileHref(h.hazardId, p.id)} target="_blank" rel="noreferrer">
                          {p.name}
                        </a>
                      ) : (
                        p.name
                      )}
                    </span>
                  ))
                : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
