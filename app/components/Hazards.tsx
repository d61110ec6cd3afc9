import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { CONTROL_MEASURE_KINDS } from '../../seeds/dual-prevention'
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

/** The measure kind read as 应急处置 (the view carries the kind's name). */
const EMERGENCY_KIND = CONTROL_MEASURE_KINDS.find((k) => k.code === 'emergency')!.name

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

/**
 * 岗位风险告知 (《安全生产法》第四十四条: 危险因素、防范措施以及事故应急措施): what can hurt on this
 * post, how bad (its level in its colour), what keeps it in check, and what to do when it happens —
 * the 应急处置 set apart, so it is found at a glance.
 */
export function PostRisks({ risks, title = '岗位风险告知', cardHref }: { risks: RiskNotice[]; title?: string; cardHref?: string }) {
  return (
    <section className="card" aria-labelledby="post-risks">
      <h2 id="post-risks">{title}</h2>
      {cardHref ? (
        <p className="no-print">
          <Link to={cardHref}>打印岗位风险告知卡</Link>
        </p>
      ) : null}
      {risks.length ? (
        <ul className="plain risk-list">
          {risks.map((r) => {
            const emergency = r.measures.filter((m) => m.kind === EMERGENCY_KIND)
            const prevention = r.measures.filter((m) => m.kind !== EMERGENCY_KIND)
            return (
              <li key={r.id} style={{ borderLeft: `6px solid ${r.hex}`, paddingLeft: '0.6rem', marginBottom: '0.8rem' }}>
                <p>
                  <b>{r.hazardSource}</b> <RiskLevelBadge level={r} />
                </p>
                <p className="muted">
                  {r.pointName} · 可能导致：{r.accidentTypes} · {r.controlLevel}管控
                </p>
                <ul>
                  {prevention.map((m) => (
                    <li key={m.kind}>
                      {m.kind}：{m.content}
                    </li>
                  ))}
                </ul>
                {emergency.length ? (
                  <p className="risk-emergency" style={{ borderLeft: '3px solid #d4380d', paddingLeft: '0.5rem', margin: '0.3rem 0 0' }}>
                    <b style={{ color: '#d4380d' }}>应急处置：</b>
                    {emergency.map((m) => m.content).join('；')}
                  </p>
                ) : null}
              </li>
            )
          })}
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

type HazardFactsView = {
  description: string
  grade: HazardGrade | null
  responsibleName: string | null
  measures: string | null
  deadline: string | null
  funds: string | null
  criterionText: string | null
  situation: string | null
  severity: string | null
  reportedAt: string | null
  workersCongressOn: string | null
  stopWork: boolean | null
  stopWorkNote: string | null
  assessment: string | null
  plan: { label: string; text: string }[] | null
}

/** What is known of a hazard, the same on the enterprise's page and the department's. */
export function HazardFacts({ h, children }: { h: HazardFactsView; children?: ReactNode }) {
  return (
    <>
      <section className="card">
        <h2>隐患情况</h2>
        <dl className="facts">
          <dt>隐患描述</dt>
          <dd className="pre">{h.description}</dd>
          <dt>等级</dt>
          <dd>{h.grade ? GRADE_LABELS[h.grade] : '待定级'}</dd>
          {h.grade ? (
            <>
              <dt>整改责任人</dt>
              <dd>{h.responsibleName}</dd>
              <dt>整改措施</dt>
              <dd className="pre">{h.measures}</dd>
              <dt>整改期限</dt>
              <dd>{h.deadline}</dd>
              <dt>治理资金</dt>
              <dd>{h.funds ? `${h.funds} 元` : '—'}</dd>
            </>
          ) : null}
          {h.grade === 'major' ? (
            <>
              <dt>判定依据</dt>
              <dd>{h.criterionText ?? '—'}</dd>
              <dt>现状及原因</dt>
              <dd className="pre">{h.situation}</dd>
              <dt>危害程度和整改难易</dt>
              <dd className="pre">{h.severity}</dd>
              <dt>报告监管部门</dt>
              <dd>{h.reportedAt ? formatDateTime(h.reportedAt) : '—'}</dd>
              <dt>向职代会报告</dt>
              <dd>{h.workersCongressOn ?? '未记录'}</dd>
              <dt>停产停业</dt>
              <dd>{h.stopWork ? `是：${h.stopWorkNote}` : '否'}</dd>
            </>
          ) : null}
          {h.assessment ? (
            <>
              <dt>评估结论</dt>
              <dd className="pre">{h.assessment}</dd>
            </>
          ) : null}
        </dl>
        {children}
      </section>
      {h.plan ? (
        <section className="card">
          <h2>治理方案</h2>
          <dl className="facts">
            {h.plan.map((p) => (
              <div key={p.label} style={{ display: 'contents' }}>
                <dt>{p.label}</dt>
                <dd className="pre">{p.text}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  )
}
