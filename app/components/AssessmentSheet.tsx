import { formatDateTime } from '../utils/dates'

const RESULT_CLASS = { 优秀: 'badge-green', 合格: 'badge-grey', 不合格: 'badge-red' } as const

// The 安全生产责任制考核表 as read on a phone and printed on A4: each duty, its 考核标准, weight and
// score; the result, the comment, the follow-up; who assessed, and the person's signature of having seen it.
export function AssessmentSheet({
  a,
}: {
  a: {
    enterpriseName: string
    person: { name: string }
    postName: string
    periodLabel: string
    assessorName: string
    assessorPost: string
    totalScore: number
    result: keyof typeof RESULT_CLASS
    comment: string
    followUp: string | null
    createdAt: string
    seenAt: string | null
    scores: { position: number; item_text: string; criterion: string; weight: number; score: number }[]
  }
}) {
  return (
    <article className="a4 assessment">
      <header className="a4-head">
        <div>
          <p className="a4-org">{a.enterpriseName}</p>
          <h1>安全生产责任制考核表</h1>
          <p>
            {a.periodLabel} · 被考核人：{a.person.name}（{a.postName}）
          </p>
        </div>
      </header>
      <table className="signatures">
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">岗位职责</th>
            <th scope="col">考核标准</th>
            <th scope="col">权重</th>
            <th scope="col">得分</th>
          </tr>
        </thead>
        <tbody>
          {a.scores.map((s, i) => (
            <tr key={s.position}>
              <td>{i + 1}</td>
              <td>{s.item_text}</td>
              <td>{s.criterion}</td>
              <td>{s.weight}</td>
              <td>{s.score}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts">
        <dt>加权得分</dt>
        <dd>{a.totalScore} 分</dd>
        <dt>考核结果</dt>
        <dd>
          <span className={`badge ${RESULT_CLASS[a.result]}`}>{a.result}</span>
        </dd>
        <dt>考核意见</dt>
        <dd>{a.comment}</dd>
        {a.followUp ? (
          <>
            <dt>整改跟进措施</dt>
            <dd>{a.followUp}</dd>
          </>
        ) : null}
      </dl>
      <p className="sign-block">
        考核人：
        <span className="sign-name">
          {a.assessorName}（{a.assessorPost}） {formatDateTime(a.createdAt)}
        </span>
      </p>
      <p className="sign-block">
        被考核人签字（已阅）：
        {a.seenAt ? (
          <span className="sign-name">
            {a.person.name} {formatDateTime(a.seenAt)}
          </span>
        ) : (
          <span className="badge badge-amber">待签字</span>
        )}
      </p>
    </article>
  )
}
