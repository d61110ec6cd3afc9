import type { HazardStatsSnapshot } from '../../db/types'
import { DUE_STATE_LABELS, statsLines, type DueState } from '../modules/hazard-stats/rules'
import { formatDateTime } from '../utils/dates'

// The 隐患排查治理统计分析表 on A4 (16号令 §14): the same lines as the .xlsx (rules.ts statsLines), the
// enterprise, the period, who drew it up, and the 主要负责人's signature. Shared by the enterprise's
// page and the regulator's copy.

const STATE_CLASS: Record<DueState, string> = { pending: 'badge-amber', on_time: 'badge-green', late: 'badge-red', missing: 'badge-red' }

export function DueBadge({ state }: { state: DueState }) {
  return <span className={`badge ${STATE_CLASS[state]}`}>{DUE_STATE_LABELS[state]}</span>
}

export interface HazardStatsDoc {
  enterprise: { name: string; creditCode: string }
  period: { label: string; start: string; end: string; dueOn: string }
  snapshot: HazardStatsSnapshot
  createdAt: string
  createdBy: string
  signedBy: string | null
  signedPost: string | null
  signedAt: string | null
  state: DueState
}

export function HazardStatsSheet({ doc }: { doc: HazardStatsDoc }) {
  const lines = statsLines(doc.snapshot)
  const sections = [...new Set(lines.map((l) => l.section))]
  return (
    <article className="a4 hazard-stats">
      <header className="a4-head">
        <div>
          <p className="a4-org">{doc.enterprise.name}</p>
          <h1>隐患排查治理统计分析表</h1>
          <p>
            统计期间：{doc.period.label}（{doc.period.start} 至 {doc.period.end}） · 报送期限：{doc.period.dueOn}
          </p>
          <p>
            统一社会信用代码：{doc.enterprise.creditCode} · 生成：{formatDateTime(doc.createdAt)} {doc.createdBy}
          </p>
        </div>
      </header>
      <table className="signatures stats-table">
        <thead>
          <tr>
            <th scope="col">项目</th>
            <th scope="col">一般隐患</th>
            <th scope="col">重大隐患</th>
            <th scope="col">合计</th>
          </tr>
        </thead>
        {sections.map((section) => (
          <tbody key={section}>
            <tr>
              <th scope="rowgroup" colSpan={4} className="stats-section">
                {section}
              </th>
            </tr>
            {lines
              .filter((l) => l.section === section)
              .map((l) => (
                <tr key={l.label}>
                  <td>{l.label}</td>
                  <td className="num">{l.general}</td>
                  <td className="num">{l.major}</td>
                  <td className="num">{l.total}</td>
                </tr>
              ))}
          </tbody>
        ))}
      </table>
      <p className="a4-foot">
        口径：各项数字为统计期末（{doc.period.end} 24:00）隐患台账及其处理记录所示状态；整改率＝本期发现且期末已整改销号的隐患数 ÷
        本期发现的隐患数；逾期指期末仍在整改、验收或治理中且已过整改期限。依据：原国家安全监管总局令第16号《安全生产事故隐患排查治理暂行规定》第十四条。
      </p>
      <p className="sign-block" style={{ marginTop: '1rem' }}>
        主要负责人签字：
        {doc.signedBy ? (
          <>
            <span className="sign-name">
              {doc.signedBy}（{doc.signedPost}） {formatDateTime(doc.signedAt!)}
            </span>{' '}
            <DueBadge state={doc.state} />
          </>
        ) : (
          <span className="badge badge-amber">待签字</span>
        )}
      </p>
    </article>
  )
}

/** 一企一档's section: the tables the 主要负责人 signed, and whether the latest due ones came in on time. */
export function HazardStatsDossier({
  base,
  stats,
}: {
  base: string
  stats: {
    tables: { id: string; label: string; dueOn: string; signedAt: string; signedBy: string | null; state: DueState }[]
    latest: { label: string; dueOn: string; state: DueState }[]
  }
}) {
  return (
    <section className="card" id="hazard-stats">
      <h2>隐患排查治理统计分析表</h2>
      {stats.latest.length ? (
        <p>
          最近到期：
          {stats.latest.map((l, i) => (
            <span key={l.label}>
              {i ? '；' : ''}
              {l.label}（{l.dueOn} 前） <DueBadge state={l.state} />
            </span>
          ))}
        </p>
      ) : null}
      {stats.tables.length ? (
        <table className="data">
          <caption className="sr-only">已签字报送的统计分析表</caption>
          <thead>
            <tr>
              <th scope="col">统计期间</th>
              <th scope="col">报送期限</th>
              <th scope="col">主要负责人签字</th>
              <th scope="col">按期情况</th>
            </tr>
          </thead>
          <tbody>
            {stats.tables.map((t) => (
              <tr key={t.id}>
                <td>
                  <a href={`${base}/hazard-stats/${t.id}`}>{t.label}</a>
                </td>
                <td className="day">{t.dueOn}</td>
                <td>
                  {t.signedBy} {formatDateTime(t.signedAt)}
                </td>
                <td>
                  <DueBadge state={t.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="badge badge-red">该企业尚未报送隐患排查治理统计分析表</p>
      )}
    </section>
  )
}
