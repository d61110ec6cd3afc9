import { Link } from '@remix-run/react'
import type { RectificationStatus } from '../../db/types'
import { orderBadge } from '../modules/supervision/rules'
import { formatDate, formatDateTime } from '../utils/dates'

// What both sides see of inspections and orders: the same record, the same overdue state.

export interface OrderSummary {
  id: string
  documentNo: string
  departmentName: string
  issuedAt: string
  dueDate: string
  status: RectificationStatus
  overdue: boolean
}

export function OrderBadge({ order, today }: { order: { status: RectificationStatus; dueDate: string }; today: string }) {
  const b = orderBadge(order, today)
  return <span className={`badge badge-${b.tone}`}>{b.text}</span>
}

export function OrdersTable({ orders, today, hrefOf }: { orders: OrderSummary[]; today: string; hrefOf: (id: string) => string }) {
  if (!orders.length) return <p>没有整改指令。</p>
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th>文书编号</th>
            <th>下达部门</th>
            <th>下达日期</th>
            <th>整改期限</th>
            <th>状态</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id} className={o.overdue ? 'row-red' : undefined}>
              <td>
                <Link to={hrefOf(o.id)}>{o.documentNo}</Link>
              </td>
              <td>{o.departmentName}</td>
              <td>{formatDate(o.issuedAt)}</td>
              <td>{o.dueDate}</td>
              <td>
                <OrderBadge order={o} today={today} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export interface InspectionSummary {
  id: string
  departmentName: string
  inspectedAt: string
  place: string
  inspectors: string
  headName: string | null
  headSignedAt: string | null
  refusalRecordedAt: string | null
}

export function signatureState(i: { headName: string | null; headSignedAt: string | null; refusalRecordedAt: string | null }) {
  if (i.headSignedAt) return <span className="badge badge-green">{`${i.headName} 已签字`}</span>
  if (i.refusalRecordedAt) return <span className="badge badge-red">拒绝签字（已记录在案）</span>
  return <span className="badge badge-amber">待企业负责人签字</span>
}

export function InspectionsTable({ inspections, hrefOf }: { inspections: InspectionSummary[]; hrefOf: (id: string) => string }) {
  if (!inspections.length) return <p>没有监督检查记录。</p>
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th>检查时间</th>
            <th>检查部门</th>
            <th>地点</th>
            <th>检查人员</th>
            <th>企业负责人签字</th>
          </tr>
        </thead>
        <tbody>
          {inspections.map((i) => (
            <tr key={i.id}>
              <td>
                <Link to={hrefOf(i.id)}>{formatDateTime(i.inspectedAt)}</Link>
              </td>
              <td>{i.departmentName}</td>
              <td>{i.place}</td>
              <td>{i.inspectors}</td>
              <td>{signatureState(i)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The inspection record as 《安全生产法》第六十五条 lists it: time, place, content, problems, handling, signatures. */
export function InspectionRecord({
  enterpriseName,
  i,
}: {
  enterpriseName: string
  i: InspectionSummary & { content: string; problems: string; handling: string; inspectorName: string; refusalNote: string | null }
}) {
  return (
    <article className="a4">
      <header className="a4-head">
        <div>
          <p className="a4-org">{i.departmentName}</p>
          <h1>安全生产监督检查记录</h1>
        </div>
      </header>
      <table className="signatures record">
        <tbody>
          <tr>
            <th>被检查单位</th>
            <td>{enterpriseName}</td>
          </tr>
          <tr>
            <th>检查时间</th>
            <td>{formatDateTime(i.inspectedAt)}</td>
          </tr>
          <tr>
            <th>检查地点</th>
            <td>{i.place}</td>
          </tr>
          <tr>
            <th>检查人员</th>
            <td>{i.inspectors}</td>
          </tr>
          <tr>
            <th>检查内容</th>
            <td className="pre">{i.content}</td>
          </tr>
          <tr>
            <th>发现的问题</th>
            <td className="pre">{i.problems}</td>
          </tr>
          <tr>
            <th>处理情况</th>
            <td className="pre">{i.handling}</td>
          </tr>
        </tbody>
      </table>
      {/* the two signatures: one block, never split from each other over a page break */}
      <table className="signatures record sign-block">
        <tbody>
          <tr>
            <th>检查人员签字</th>
            <td>{i.inspectorName}（以本人账号记录）</td>
          </tr>
          <tr>
            <th>被检查单位负责人签字</th>
            <td>
              {i.headSignedAt
                ? `${i.headName}，${formatDateTime(i.headSignedAt)}`
                : i.refusalRecordedAt
                  ? `拒绝签字。${i.refusalNote ?? ''}（${formatDateTime(i.refusalRecordedAt)} 记录在案）`
                  : '待签字'}
            </td>
          </tr>
        </tbody>
      </table>
    </article>
  )
}
