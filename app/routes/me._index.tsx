import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { myTargetAgreements, signTargetAgreement } from '../modules/obligations/records.server'
import { withActor } from '../db.server'
import { PostRisks } from '../components/Hazards'
import { risksOfPost } from '../modules/hazards/risks.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getMyProfile } from '../modules/org/org.server'
import { myConfirmations, myReminders } from '../modules/acknowledgements/acknowledgements.server'
import { TIER_LABELS } from '../modules/org/rules'
import { formValues } from '../utils/form'
import { todayInShanghai } from '../utils/dates'

export const meta: MetaFunction = () => [{ title: '我的岗位 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  return withActor(actor, request, async (ctx) => {
    const profile = await getMyProfile(ctx, todayInShanghai())
    // 岗位风险告知 for every post held today, the most serious first (risksOfPost sorts by score)
    const risks = (await Promise.all(profile.posts.filter((p) => p.current).map((p) => risksOfPost(ctx, p.postId)))).flat()
    return {
      ...profile,
      risks,
      confirmations: await myConfirmations(ctx),
      reminders: (await myReminders(ctx)).map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() })),
      targets: await myTargetAgreements(ctx),
    }
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const form = formValues(await request.formData())
  const id = form.id ?? ''
  if (!/^[0-9a-f-]{36}$/.test(id)) return data({ id, message: '请刷新页面后重试' }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => signTargetAgreement(ctx, id, form.typedName ?? ''))
  if (!result.ok) return data({ id, message: result.message }, { status: 400 })
  return redirect('/me?signed=1')
}

const STATE_CLASS = {
  confirmed: 'state-confirmed',
  pending: 'state-pending',
  overdue: 'state-overdue',
  reconfirm: 'state-reconfirm',
} as const

export default function MyPage() {
  const { enterpriseName, employee, posts, confirmations, reminders, targets, risks } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const unsigned = targets.filter((t) => !t.signed_at)
  const stateOf = (postId: string) => confirmations.find((c) => c.postId === postId)
  const todo = confirmations.filter((c) => c.state !== 'confirmed')
  const current = posts.filter((p) => p.current)
  const past = posts.filter((p) => !p.current)
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{employee ? employee.name : '我的信息'}</h1>
          <p>{enterpriseName}</p>
        </div>
      </div>
      <p className="actions">
        <Link to="/me/hazards/new" className="btn btn-danger">
          报告隐患
        </Link>
      </p>
      {reminders.length ? (
        <section className="card reminder" role="alert">
          <h2>提醒</h2>
          <ul className="plain">
            {reminders.map((r) => (
              <li key={r.id}>{r.message}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {todo.length ? (
        <section className="card attention">
          <h2>待签字确认（{todo.length}）</h2>
          <ul className="plain">
            {todo.map((c) => (
              <li key={c.postId}>
                <Link to={`/me/posts/${c.postId}`}>
                  {c.postName} 安全生产责任清单 v{c.version}
                </Link>{' '}
                <span className={`badge ${STATE_CLASS[c.state]}`}>{c.stateLabel}</span> <span className="muted">期限 {c.deadline}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {unsigned.map((t) => (
        <section key={t.id} className="card attention">
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
      <section className="card">
        <h2>我的岗位</h2>
        {current.length ? (
          <ul className="post-list">
            {current.map((p) => (
              <li key={p.id}>
                <div className="post-name">{p.postName}</div>
                <div className="muted">
                  {p.unitName} · 第{p.tier}级 {TIER_LABELS[p.tier]}
                  {p.isSafetyManager ? ' · 安全管理人员' : ''}
                </div>
                <div className="muted">任职日期：{p.startOn} 起</div>
                <Link to={`/me/posts/${p.postId}`}>查看本岗位安全生产责任清单</Link>{' '}
                {stateOf(p.postId) ? (
                  <span className={`badge ${STATE_CLASS[stateOf(p.postId)!.state]}`}>{stateOf(p.postId)!.stateLabel}</span>
                ) : (
                  <span className="badge badge-grey">清单未发布</span>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">目前没有在岗的岗位。</p>
        )}
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
      {risks.length ? <PostRisks risks={risks} /> : null}
    </>
  )
}
