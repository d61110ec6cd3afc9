import type { HazardGrade, HazardStatus } from '../../db/types'
import { GRADE_LABELS, STATUS_LABELS, STEP_LABELS, type HazardStep } from '../modules/hazards/rules'
import { formatDateTime } from '../utils/dates'

// The pieces of 双重预防 that several pages show: a risk's level in its colour, a hazard's state, the
// 岗位风险告知 list and a hazard's signed history.

export function RiskLevelBadge({ level }: { level: { levelName: string; colour: string; hex: string } }) {
  return (
    <span className="badge risk-badge" style={{ background: level.hex, color: level.colour === '黄' ? '#3d3300' : '#fff' }}>
      {level.levelName}（{level.colour}）
    </span>
  )
}

export function HazardBadge({ h }: { h: { status: HazardStatus; grade: HazardGrade | null; overdue: boolean; deadline: string | null } }) {
  const tone = h.overdue ? 'badge-red' : h.status === 'closed' ? 'badge-green' : h.status === 'reported' ? 'badge-grey' : 'badge-amber'
  return (
    <>
      {h.grade === 'major' ? <span className="badge badge-red">重大</span> : null}{' '}
      <span className={`badge ${tone}`}>{h.overdue ? `逾期（期限 ${h.deadline}）` : STATUS_LABELS[h.status]}</span>
    </>
  )
}

export { GRADE_LABELS }

export type RiskNotice = {
  id: string
  pointName: string
  hazardSource: string
  accidentTypes: string
  levelName: string
  colour: string
  hex: string
  controlLevel: string
  measures: { kind: string; content: string }[]
  postName: string
}

/** 岗位风险告知: what can hurt on this post, how bad, and what keeps it in check. */
export function PostRisks({ risks, title = '岗位风险告知' }: { risks: RiskNotice[]; title?: string }) {
  return (
    <section className="card" aria-labelledby="post-risks">
      <h2 id="post-risks">{title}</h2>
      {risks.length ? (
        <ul className="plain risk-list">
          {risks.map((r) => (
            <li key={r.id} style={{ borderLeft: `6px solid ${r.hex}`, paddingLeft: '0.6rem', marginBottom: '0.8rem' }}>
              <p>
                <b>{r.hazardSource}</b> <RiskLevelBadge level={r} />
              </p>
              <p className="muted">
                {r.pointName} · 可能导致：{r.accidentTypes} · {r.controlLevel}管控
              </p>
              <ul>
                {r.measures.map((m) => (
                  <li key={m.kind}>
                    {m.kind}：{m.content}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">本岗位尚未登记风险。</p>
      )}
    </section>
  )
}

export function HazardHistory({
  history,
}: {
  history: { seq: number; step: string; note: string; byName: string; byRole: string; at: string }[]
}) {
  return (
    <section className="card">
      <h2>办理记录</h2>
      <ol className="timeline">
        {history.map((e) => (
          <li key={e.seq}>
            <p>
              <b>{STEP_LABELS[e.step as HazardStep | 'report'] ?? e.step}</b> · {e.byName}
              {e.byRole === 'regulator' ? '（监管部门）' : ''} · {formatDateTime(e.at)}
            </p>
            {e.note ? <p className="pre">{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  )
}
