import { formFailure, refuse } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CertificateBadge } from '../components/CertificateBadge'
import { myTargetAgreements, signTargetAgreement } from '../modules/committee/committee.server'
import { withActor } from '../db.server'
import { PostRisks } from '../components/Hazards'
import { risksOfPost } from '../modules/hazards/risks.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getMyProfile } from '../modules/org/org.server'
import { acknowledgementsOf, myConfirmations, myReminders } from '../modules/acknowledgements/acknowledgements.server'
import { myDrills } from '../modules/drills/drills.server'
import { myDueChecks } from '../modules/checks/checks.server'
import { DueChecks } from '../components/DueChecks'
import { myDutyPerformance } from '../modules/dutylogs/dutylogs.server'
import { monthLabel } from '../modules/dutylogs/rules'
import { myTraining } from '../modules/training/training.server'
import { workerTodo } from '../modules/worker/rules'
import { TIER_LABELS } from '../modules/org/rules'
import { formatDateTime } from '../utils/dates'
import { formValues } from '../utils/form'
import { isUuid } from '../utils/ids'
import { todayInShanghai } from '../utils/dates'

export const meta: MetaFunction = () => [{ title: '我的履责 · 安责通' }]

// 我的履责: one phone screen that answers "am I in order, and what must I do?" — my posts and their
// lists, my training hours and induction, my certificates, my drills, my reminders — each from its
// module, each item opening its record.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const today = todayInShanghai()
  return withActor(actor, request, async (ctx) => {
    const profile = await getMyProfile(ctx, today)
    // 岗位风险告知 for every post held today, the most serious first (risksOfPost sorts by score)
    const risks = (await Promise.all(profile.posts.filter((p) => p.current).map((p) => risksOfPost(ctx, p.postId)))).flat()
    const confirmations = await myConfirmations(ctx, today)
    const targets = await myTargetAgreements(ctx)
    const hasEmployee = actor.kind === 'enterprise' && actor.employeeId !== null
    const training = hasEmployee ? await myTraining(ctx, Number(today.slice(0, 4)), today) : null
    const acknowledgements = hasEmployee && actor.kind === 'enterprise' ? await acknowledgementsOf(ctx, actor.employeeId!) : []
    const todo = workerTodo(
      {
        confirmations,
        hours: training?.hours ?? null,
        year: training?.year ?? Number(today.slice(0, 4)),
        certificates: (training?.certificates ?? []).map((c) => ({
          id: c.id,
          kind: c.kind,
          state: c.state,
          dueOn: c.dueOn,
          reviewDue: c.dueOn !== c.expires_on,
        })),
        unsignedTargets: targets.filter((t) => !t.signed_at).map((t) => ({ year: t.year, postName: t.post_name })),
      },
      today,
    )
    return {
      ...profile,
      risks,
      today,
      todo,
      confirmations,
      acknowledgements: acknowledgements.map((k) => ({
        id: k.id,
        postId: k.postId,
        postName: k.postName,
        version: k.version,
        confirmedAt: new Date(k.confirmed_at).toISOString(),
      })),
      reminders: (await myReminders(ctx)).map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() })),
      targets,
      training,
      drills: hasEmployee ? await myDrills(ctx) : [],
      // 隐患排查 due today on the posts held
      checks: await myDueChecks(ctx),
      // 履职记录 months unsigned and 考核 results to sign (第二十二条)
      performance: hasEmployee ? await myDutyPerformance(ctx) : null,
    }
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const form = formValues(await request.formData())
  const id = form.id ?? ''
  if (!isUuid(id)) return formFailure(refuse('请刷新页面后重试'), {}, { id })
  const result = await withActor(actor, request, (ctx) => signTargetAgreement(ctx, id, form.typedName ?? ''))
  if (!result.ok) return formFailure(result, {}, { id })
  return redirect('/me?signed=1')
}

const STATE_CLASS = {
  confirmed: 'state-confirmed',
  pending: 'state-pending',
  overdue: 'state-overdue',
  reconfirm: 'state-reconfirm',
} as const

const URGENCY_CLASS = ['badge-red', 'badge-amber', 'badge-grey', 'badge-grey'] as const
const URGENCY_LABEL = ['紧急', '尽快', '待办', '提前准备'] as const

export default function MyPage() {
  const {
    enterpriseName,
    employee,
    posts,
    confirmations,
    acknowledgements,
    reminders,
    targets,
    todo,
    training,
    drills,
    risks,
    checks,
    performance,
  } = useLoaderData<typeof loader>()
  const unseen = performance?.assessments.filter((a) => !a.seen) ?? []
  const actionData = useActionData<typeof action>()
  const unsigned = targets.filter((t) => !t.signed_at)
  const stateOf = (postId: string) => confirmations.find((c) => c.postId === postId)
  const ackOf = (postId: string, version: number) => acknowledgements.find((k) => k.postId === postId && k.version === version)
  const current = posts.filter((p) => p.current)
  const past = posts.filter((p) => !p.current)
  const inOrder = todo.filter((t) => t.urgency <= 2).length === 0
  const hours = training?.hours ?? null
  return (
    <div className="me">
      <div className="page-head">
        <div>
          <h1>{employee ? `${employee.name} · 我的履责` : '我的履责'}</h1>
          <p>{enterpriseName}</p>
        </div>
      </div>

      <section className={`card verdict ${inOrder ? 'verdict-ok' : 'verdict-todo'}`} aria-labelledby="todo-title">
        <h2 id="todo-title">{inOrder ? '您的履责情况正常' : `需要您处理的事项（${todo.filter((t) => t.urgency <= 2).length}）`}</h2>
        {todo.length ? (
          <ol className="todo">
            {todo.map((t) => (
              <li key={t.text}>
                <span className={`badge ${URGENCY_CLASS[t.urgency]}`}>{URGENCY_LABEL[t.urgency]}</span>
                <Link to={t.href}>{t.text}</Link>
              </li>
            ))}
          </ol>
        ) : (
          <p>岗位责任清单均已确认，培训学时达标，证书均在有效期内。</p>
        )}
      </section>

      {performance && (performance.keeps || performance.assessments.length) ? (
        <section
          className={`card${unseen.length || performance.missing.length ? ' attention' : ''}`}
          id="performance"
          aria-labelledby="performance-title"
        >
          <h2 id="performance-title">履职记录与考核</h2>
          <ul className="plain">
            {unseen.map((a) => (
              <li key={a.id}>
                <span className="badge badge-amber">待签字</span>{' '}
                <Link to={`/me/assessments/${a.id}`}>
                  {a.periodLabel}考核结果（{a.postName}）：请查看并签字
                </Link>
              </li>
            ))}
            {performance.keeps ? (
              <li>
                {performance.missing.length ? (
                  <>
                    <span className="badge badge-red">未签字</span>{' '}
                    <Link to={`/me/duty-log/${performance.missing[0]}`}>
                      履职记录 {performance.missing.map(monthLabel).join('、')} 未签字
                    </Link>
                  </>
                ) : (
                  <Link to="/me/duty-log">我的履职记录（按月填写并签字）</Link>
                )}
              </li>
            ) : null}
            {performance.assessments
              .filter((a) => a.seen)
              .slice(0, 4)
              .map((a) => (
                <li key={a.id}>
                  <Link to={`/me/assessments/${a.id}`}>
                    {a.periodLabel}考核：{a.result}（{a.score} 分）
                  </Link>
                </li>
              ))}
          </ul>
        </section>
      ) : null}

      <p className="actions">
        <Link to="/me/hazards/new" className="btn btn-danger">
          报告隐患
        </Link>
      </p>
      {reminders.length ? (
        <section className="card reminder" role="alert">
          <h2>安全管理员的提醒</h2>
          <ul className="plain">
            {reminders.map((r) => (
              <li key={r.id}>
                {r.message} <span className="muted">{formatDateTime(r.created_at)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {unsigned.map((t) => (
        <section key={t.id} className="card attention" id="targets">
          <h2>
            {t.year} 年安全生产目标责任书（{t.post_name}）
          </h2>
          <p>{t.content}</p>
          <Form method="post" className="form">
            <input type="hidden" name="id" value={t.id} />
            <div className={`field${actionData?.id === t.id ? ' invalid' : ''}`}>
              <label htmlFor={`sign-${t.id}`}>输入您的姓名签署</label>
              <input id={`sign-${t.id}`} name="typedName" autoComplete="name" />
              {actionData?.id === t.id ? <span className="field-error">{actionData.message}</span> : null}
            </div>
            <button type="submit" className="btn">
              签署
            </button>
          </Form>
        </section>
      ))}

      {checks.length ? (
        <section className="card" id="checks">
          <h2>今日隐患排查（{checks.filter((c) => !c.mine && !c.doneBy.length).length} 项待完成）</h2>
          <DueChecks checks={checks} />
        </section>
      ) : null}

      <section className="card" id="posts">
        <h2>我的岗位与责任清单</h2>
        {current.length ? (
          <ul className="post-list">
            {current.map((p) => {
              const c = stateOf(p.postId)
              const k = c && c.state === 'confirmed' ? ackOf(p.postId, c.version) : undefined
              return (
                <li key={p.id}>
                  <div className="post-name">{p.postName}</div>
                  <div className="muted">
                    {p.unitName} · 第{p.tier}级 {TIER_LABELS[p.tier]}
                    {p.isSafetyManager ? ' · 安全管理人员' : ''} · {p.startOn} 起
                  </div>
                  <div className="post-state">
                    {c ? (
                      <>
                        <span className={`badge ${c.lateDays > 0 ? 'state-late' : STATE_CLASS[c.state]}`}>{c.stateLabel}</span>{' '}
                        <span className="muted">
                          v{c.version}
                          {c.state === 'confirmed' && c.confirmedAt ? ` · ${formatDateTime(c.confirmedAt)} 确认` : ` · 期限 ${c.deadline}`}
                        </span>
                      </>
                    ) : (
                      <span className="badge badge-grey">清单未发布</span>
                    )}
                  </div>
                  <div className="links">
                    <Link to={`/me/posts/${p.postId}`}>{c && c.state !== 'confirmed' ? '阅读并签字确认' : '查看责任清单'}</Link>
                    {k ? <Link to={`/acknowledgements/${k.id}`}>我的确认书</Link> : null}
                  </div>
                </li>
              )
            })}
          </ul>
        ) : (
          <p className="muted">目前没有在岗的岗位。</p>
        )}
        {acknowledgements.length ? (
          <div id="confirmations">
            <h3>我的确认书</h3>
            <ul className="records">
              {acknowledgements.map((k) => (
                <li key={k.id}>
                  <Link to={`/acknowledgements/${k.id}`}>
                    {k.postName} v{k.version}
                  </Link>
                  <span className="muted">{formatDateTime(k.confirmedAt)} 签字确认</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {past.length ? (
          <>
            <h3>曾任岗位</h3>
            <ul className="post-list">
              {past.map((p) => (
                <li key={p.id} className="ended">
                  <div className="post-name">{p.postName}</div>
                  <div className="muted">
                    {p.unitName} · {p.startOn} 至 {p.endOn}
                  </div>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {training ? (
        <section className="card" id="training">
          <h2>{training.year} 年培训学时</h2>
          {hours ? (
            <>
              <div className="hours">
                <b className={hours.shortfall > 0 ? 'bad' : 'good'}>{hours.achieved}</b>
                <span>/ {hours.required} 学时</span>
                {hours.shortfall > 0 ? (
                  <span className="badge badge-red">还差 {hours.shortfall} 学时</span>
                ) : (
                  <span className="badge badge-green">已达标</span>
                )}
              </div>
              <meter min={0} max={hours.required} value={Math.min(hours.achieved, hours.required)} aria-label="学时完成情况" />
              <p className="muted">{hours.basis}</p>
            </>
          ) : (
            <p className="muted">目前没有在岗岗位，不计算学时要求。</p>
          )}
          <h3>三级安全教育</h3>
          <ul className="induction">
            {training.induction.map((l) => (
              <li key={l.level}>
                <span>{l.level}</span>
                {l.sessionId ? (
                  <Link to={`/me/training/${l.sessionId}`}>{l.heldOn} 完成</Link>
                ) : (
                  <span className="badge badge-amber">无记录</span>
                )}
              </li>
            ))}
          </ul>
          {hours?.missingLevels.length ? <p className="bad">未完成：{hours.missingLevels.join('、')}</p> : null}
          <h3>参加的培训</h3>
          {training.sessions.length ? (
            <ul className="records">
              {training.sessions.map((s) => (
                <li key={s.id}>
                  <Link to={`/me/training/${s.id}`}>{s.topic}</Link>
                  <span className="muted">
                    {s.held_on} · {s.kind}
                    {s.level ? `（${s.level}）` : ''} · {s.hours} 学时
                    {s.counted ? '' : ' · 考核不合格，不计学时'}
                    {s.thisYear ? '' : ' · 往年'}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">还没有参加培训的记录。</p>
          )}
        </section>
      ) : null}

      {training ? (
        <section className="card" id="certificates">
          <h2>我的证书</h2>
          {training.certificates.length ? (
            <ul className="records">
              {training.certificates.map((c) => (
                <li key={c.id}>
                  <Link to={`/me/certificates/${c.id}`}>{c.kind}</Link>
                  <span className="muted">
                    有效期至 {c.expires_on}
                    {c.review_due_on ? ` · 复审 ${c.review_due_on}` : ''}
                  </span>
                  <CertificateBadge state={c.state} label={c.stateLabel} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">没有登记的证书。岗位要求持证的，请把证书交安全管理员登记。</p>
          )}
        </section>
      ) : null}

      {training ? (
        <section className="card" id="drills">
          <h2>我参加的应急演练</h2>
          {drills.length ? (
            <ul className="records">
              {drills.map((d) => (
                <li key={d.id}>
                  <Link to={`/me/drills/${d.id}`}>{d.planTitle}</Link>
                  <span className="muted">
                    {d.held_on} · {d.form}演练 · {d.planKind}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">还没有登记您参加的演练。</p>
          )}
        </section>
      ) : null}

      {employee ? (
        <section className="card">
          <h2>个人信息</h2>
          <dl className="facts">
            <dt>工号</dt>
            <dd>{employee.employeeNo}</dd>
            <dt>手机号</dt>
            <dd>{employee.phone}</dd>
            <dt>用工形式</dt>
            <dd>{employee.employmentType}</dd>
            <dt>入职日期</dt>
            <dd>{employee.hiredOn}</dd>
            {employee.idCardMasked ? (
              <>
                <dt>身份证号</dt>
                <dd>{employee.idCardMasked}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : (
        <section className="card">
          <p className="muted">您的账号尚未关联职工档案，请联系本单位安全管理员。</p>
        </section>
      )}
      {risks.length ? <PostRisks risks={risks} /> : null}
    </div>
  )
}
