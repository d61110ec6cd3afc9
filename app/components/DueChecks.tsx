import { Link } from '@remix-run/react'

// The checks due today on the posts a person holds (我的履责 and 我的排查任务 show the same list).
export interface DueCheckView {
  planId: string
  planName: string
  kindName: string
  frequencyName: string
  postName: string
  period: { key: string; label: string; end: string }
  mine: string | null
  /** my saved, unsigned draft of the period: the link opens its signing step */
  drafted?: boolean
  doneBy: string[]
}

export function DueChecks({ checks }: { checks: DueCheckView[] }) {
  return (
    <ul className="plain due-checks">
      {checks.map((c) => (
        <li key={`${c.planId}/${c.period.key}`} className="due-check">
          <div>
            <b>{c.planName}</b>
            <div className="muted">
              {c.kindName} · {c.frequencyName} · {c.postName} · {c.period.label}（{c.period.end} 前完成）
            </div>
          </div>
          {c.mine ? (
            <span className="badge badge-green">我已完成</span>
          ) : c.doneBy.length ? (
            <span className="badge badge-green">已由{c.doneBy.join('、')}完成</span>
          ) : (
            <Link className="btn" to={`/me/checks/${c.planId}?period=${encodeURIComponent(c.period.key)}${c.drafted ? '&confirm=1' : ''}`}>
              {c.drafted ? '草稿待签字' : '开始排查'}
            </Link>
          )}
        </li>
      ))}
    </ul>
  )
}
