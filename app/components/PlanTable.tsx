import type { ReactNode } from 'react'
import type { filingState } from '../modules/drills/rules'

// The 应急预案 table, one for the enterprise's 预案演练 page and the regulator's 一企一档: each plan
// with its 备案 state (on time, 逾期备案, 未备案 or 逾期未备案, in working days), its next 评估, its
// latest drill and its text. The page passes the file links in: the enterprise opens its own evidence,
// a regulator through the read-logged dossier URL.

export interface PlanRow {
  id: string
  kind: string
  title: string
  version: string
  issuedOn: string
  filedOn: string | null
  filingDue: string
  filing: ReturnType<typeof filingState>
  nextReview: string
  lastDrill: string | null
}

export function PlanTable<P extends PlanRow>({ plans, files }: { plans: readonly P[]; files: (plan: P) => ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th>预案</th>
            <th>类别</th>
            <th>版本</th>
            <th>发布</th>
            <th>备案</th>
            <th>下次评估</th>
            <th>最近演练</th>
            <th>预案文本</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.id}>
              <td>{p.title}</td>
              <td>{p.kind}</td>
              <td>{p.version}</td>
              <td>{p.issuedOn}</td>
              <td>
                {p.filedOn ?? (
                  <span className={`badge ${p.filing.state === 'overdue' ? 'badge-red' : 'badge-amber'}`}>
                    {p.filing.state === 'overdue' ? `逾期未备案 ${p.filing.daysLate} 个工作日` : '未备案'}，应于 {p.filingDue} 前
                  </span>
                )}
                {p.filing.state === 'late' ? (
                  <span className="badge badge-red">
                    {' '}
                    逾期备案 {p.filing.daysLate} 个工作日（应于 {p.filingDue} 前）
                  </span>
                ) : null}
              </td>
              <td>{p.nextReview}</td>
              <td>{p.lastDrill ?? <span className="badge badge-red">从未演练</span>}</td>
              <td>{files(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
