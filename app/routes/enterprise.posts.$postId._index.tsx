import { formFailure, refuse } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { ConfirmSignature } from '../components/ConfirmSignature'
import { DutyEditor } from '../components/DutyEditor'
import { DutyItems } from '../components/DutyItems'
import { FormError } from '../components/Field'
import { PostFields } from '../components/PostFields'
import { withActor } from '../db.server'
import { ACCESS, mayManage } from '../modules/auth/access'
import { PostRisks } from '../components/Hazards'
import { risksOfPost } from '../modules/hazards/risks.server'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import {
  approveVersion,
  getPostDuties,
  openVersionId,
  rejectVersion,
  saveAndSubmitDraft,
  saveDraft,
  startDraft,
  submitDraft,
  SubmitRefused,
  withdrawVersion,
} from '../modules/duties/duties.server'
import { APPROVAL_ROLE_LABELS } from '../modules/duties/rules'
import { draftFromForm, draftSchema } from '../modules/duties/schema'
import { TIER_LABELS } from '../modules/org/rules'
import { formatDateTime } from '../utils/dates'
import { fieldErrorsOf, parseForm } from '../utils/form'
import { listOrgUnits, updatePost } from '../modules/org/org.server'
import { loadCatalogue } from '../modules/reference/catalogue.server'
import { postSchema, requirementValues } from '../modules/org/schema'
import { isConfirmed, NOT_CONFIRMED } from '../utils/confirm'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.post.name ?? '岗位'} · 责任清单 · 安责通` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.open)
  const postId = uuidParam(params, 'postId')
  return withActor(actor, request, async (ctx) => ({
    ...(await getPostDuties(ctx, postId)),
    // 岗位风险告知 (issue 15, item 7): the register's risks this post is responsible for
    risks: await risksOfPost(ctx, postId),
    units: mayManage(actor.role, 'posts') ? await listOrgUnits(ctx) : [],
    catalogue: mayManage(actor.role, 'posts')
      ? (await loadCatalogue(ctx.db)).map((c) => ({ code: c.code, name: c.name, kind: c.kind }))
      : [],
  }))
}

const intentSchema = z.enum(['start', 'save', 'submit', 'withdraw', 'approve', 'reject', 'post'])

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.open)
  const postId = uuidParam(params, 'postId')
  const form = await request.formData()
  const intent = intentSchema.safeParse(form.get('intent'))
  if (!intent.success) return formFailure(refuse('无法识别的操作'), {}, { postValues: null })
  const versionId = z.string().uuid().safeParse(form.get('versionId'))

  if (intent.data === 'post') {
    form.delete('intent')
    const parsed = parseForm(postSchema, form)
    if (!parsed.ok) return formFailure({ ...parsed, message: '请修改标红的内容后再保存' }, {}, { postValues: parsed.values })
    const updated = await withActor(actor, request, (ctx) => updatePost(ctx, postId, parsed.data))
    if (!updated.ok) return formFailure({ ...updated, message: '请修改标红的内容后再保存' }, parsed.values, { postValues: parsed.values })
    return redirect(`/enterprise/posts/${postId}?done=post`)
  }
  const result = await withActor(actor, request, async (ctx) => {
    if (intent.data === 'start') return startDraft(ctx, postId)
    // only the open version's id is needed here, not the whole page's data
    const openId = await openVersionId(ctx, postId)
    if (!openId || (versionId.success && versionId.data !== openId))
      return { ok: false as const, message: '清单版本已变化，请刷新页面后重试' }
    const open = { id: openId }
    switch (intent.data) {
      case 'save': {
        const parsed = draftSchema.safeParse(draftFromForm(form))
        if (!parsed.success) return { ok: false as const, message: '请修改标红的内容后再保存', fieldErrors: fieldErrorsOf(parsed.error) }
        return saveDraft(ctx, open.id, parsed.data)
      }
      case 'submit': {
        // the editor's own 提交审批 sends what is on the screen: saved and submitted together
        if (!form.has('title')) return submitDraft(ctx, open.id)
        const parsed = draftSchema.safeParse(draftFromForm(form))
        if (!parsed.success)
          return { ok: false as const, message: '请修改标红的内容后再提交审批', fieldErrors: fieldErrorsOf(parsed.error) }
        return saveAndSubmitDraft(ctx, open.id, parsed.data)
      }
      case 'withdraw':
        return withdrawVersion(ctx, open.id)
      case 'approve':
        // a signature: only from the confirm step (ConfirmSignature), never in one click
        if (!isConfirmed(form)) return { ok: false as const, message: NOT_CONFIRMED }
        return approveVersion(
          ctx,
          open.id,
          String(form.get('comment') ?? '')
            .trim()
            .slice(0, 500) || null,
          typeof form.get('approvalKey') === 'string' ? String(form.get('approvalKey')) : null,
        )
      case 'reject':
        return rejectVersion(ctx, open.id, String(form.get('comment') ?? '').slice(0, 500))
      default:
        return { ok: false as const, message: '无法识别的操作' }
    }
  }).catch((error: unknown) => {
    // a refused submission rolled its save back: nothing changed, the editor keeps the screen's text
    if (error instanceof SubmitRefused)
      return { ok: false as const, message: `未提交，修改也未保存：${error.message}`, fieldErrors: {} as Record<string, string> }
    throw error
  })
  if (!result.ok) return formFailure(result, {}, { postValues: null })
  const notice: Record<string, string> = {
    start: 'started',
    save: 'saved',
    submit: 'submitted',
    withdraw: 'withdrawn',
    approve: 'approved',
    reject: 'rejected',
  }
  return redirect(`/enterprise/posts/${postId}?done=${notice[intent.data]}`)
}

const DONE: Record<string, string> = {
  started: '已按模板生成清单草稿，请核对后提交审批。',
  saved: '草稿已保存。',
  submitted: '已提交审批。',
  withdrawn: '已撤回，清单回到草稿，可修改后重新提交。',
  approved: '已审批通过。',
  rejected: '已退回修改。',
  post: '岗位信息已保存。',
}

export default function PostDuties() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const [search] = useSearchParams()
  const done = search.get('done')
  const { post, open, published } = d
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{post.name}</h1>
          <p>
            {post.unitPath} · 第{post.tier}级 {TIER_LABELS[post.tier]}
            {post.isSafetyManager ? ' · 安全管理人员' : ''}
            {post.inChargeOfSafety ? ' · 分管安全' : ''}
            {post.isUnitHead ? ' · 部门负责人' : ''}
          </p>
          <p>在岗人员：{d.holders.length ? d.holders.join('、') : '无'}</p>
        </div>
        <div className="actions">
          {published ? (
            <Link to={`/enterprise/posts/${post.id}/notice`} className="btn btn-secondary">
              公示页（打印）
            </Link>
          ) : null}
          <Link to="/enterprise/posts" className="btn btn-secondary">
            返回岗位列表
          </Link>
        </div>
      </div>
      {done && DONE[done] && !actionData ? (
        <p className="notice" role="status">
          {DONE[done]}
        </p>
      ) : null}
      {actionData?.message ? <FormError message={actionData.message} /> : null}

      <section className="card">
        <h2>审批顺序</h2>
        {d.approvalChain ? (
          <ol className="chain">
            {d.approvalChain.map((s) => (
              <li key={s.postId}>
                <span className="muted">{APPROVAL_ROLE_LABELS[s.role]}</span> {s.postName}
              </li>
            ))}
          </ol>
        ) : (
          <p className="form-error">{d.approvalChainProblem}</p>
        )}
      </section>

      {open ? (
        <section className="card">
          <div className="section-head">
            <h2>
              {open.status === 'draft' ? '草稿' : '审批中'} v{open.version}
            </h2>
            {open.status === 'submitted' && open.approval_chain ? (
              <ApprovalProgress chain={open.approval_chain} step={open.approval_step ?? 0} />
            ) : null}
          </div>
          {open.status === 'draft' && d.canEdit ? (
            <>
              {d.returned ? (
                <p className="form-error" role="status">
                  {`已被${d.returned.post_name ?? d.returned.actor_name}退回（${formatDateTime(d.returned.at)}）：${d.returned.comment ?? ''}`}
                </p>
              ) : null}
              <DutyEditor key={open.id} versionId={open.id} title={open.title} items={open.items} errors={errors} busy={busy} />
            </>
          ) : (
            <>
              <h3>{open.title}</h3>
              <DutyItems items={open.items} />
              {d.canWithdraw ? (
                <Form method="post" className="actions submit-row">
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="versionId" value={open.id} />
                  <button type="submit" className="btn btn-secondary" disabled={busy}>
                    撤回
                  </button>
                  <span className="muted">第一位审批人签字前可撤回修改；撤回后清单回到草稿。</span>
                </Form>
              ) : null}
            </>
          )}
          {d.canApprove && search.get('confirm') === '1' ? (
            <ConfirmSignature
              trigger={null}
              title="确认同意并签字"
              confirmLabel="确认签字"
              signer={`${d.me}（${d.approvalStepName}）`}
              consequence={
                d.lastStep
                  ? '您是最后一位审批人，签字后清单立即发布，在岗人员须签字确认；签字不能撤回。'
                  : '签字后交下一位审批人，不能撤回。'
              }
              busy={busy}
              error={actionData?.message}
              fields={{ intent: 'approve', versionId: open.id, approvalKey: d.approvalKey ?? '', comment: search.get('comment') ?? '' }}
            >
              <p>{`${open.title} v${open.version}，共 ${open.items.length} 条职责（见上）。`}</p>
              {search.get('comment') ? <p>{`审批意见：${search.get('comment')}`}</p> : null}
            </ConfirmSignature>
          ) : d.canApprove ? (
            <Form method="post" className="form approve-box">
              <input type="hidden" name="versionId" value={open.id} />
              <div className={`field${errors.reason ? ' invalid' : ''}`}>
                <label htmlFor="f-comment">审批意见（退回时必填）</label>
                <textarea id="f-comment" name="comment" rows={2} />
                {errors.reason ? <span className="field-error">{errors.reason}</span> : null}
              </div>
              <div className="actions">
                {/* the signature's first step: a GET that opens the confirm step with the comment */}
                <button type="submit" name="confirm" value="1" formMethod="get" className="btn" disabled={busy}>
                  同意并签字
                </button>
                <button type="submit" name="intent" value="reject" className="btn btn-danger" disabled={busy}>
                  退回修改
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : d.canEdit ? (
        <section className="card">
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" className="btn" disabled={busy}>
              {published ? `修订清单（以 v${published.version} 为基础新建版本）` : `按“${d.template.title}”模板生成清单`}
            </button>
            <span className="muted">已发布的清单不能直接修改；修订发布后，在岗人员须重新签字确认。</span>
          </Form>
        </section>
      ) : null}

      {published ? (
        <section className="card">
          <div className="section-head">
            <h2>
              现行清单 v{published.version} <span className="badge badge-green">已发布</span>
            </h2>
            <span className="muted">发布于 {published.published_at ? formatDateTime(published.published_at) : ''}</span>
          </div>
          <h3>{published.title}</h3>
          <DutyItems items={published.items} />
        </section>
      ) : !open ? (
        <section className="card">
          <p className="muted">该岗位还没有责任清单。</p>
        </section>
      ) : null}

      {d.canEdit ? (
        <details className="card" open={!!actionData?.postValues}>
          <summary>岗位信息（名称、部门、层级、属性、证书要求）</summary>
          <Form
            method="post"
            className="form"
            noValidate
            style={{ marginTop: '0.75rem' }}
            key={JSON.stringify(actionData?.postValues ?? null)}
          >
            <input type="hidden" name="intent" value="post" />
            <PostFields
              values={
                actionData?.postValues ?? {
                  name: post.name,
                  unitId: post.unitId,
                  tier: String(post.tier),
                  ...requirementValues(post.requiredCertificates),
                  ...(post.isUnitHead ? { isUnitHead: 'on' } : {}),
                  ...(post.isSafetyManager ? { isSafetyManager: 'on' } : {}),
                  ...(post.inChargeOfSafety ? { inChargeOfSafety: 'on' } : {}),
                }
              }
              errors={actionData?.postValues ? errors : {}}
              units={d.units}
              catalogue={d.catalogue}
            />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                保存岗位信息
              </button>
              <span className="muted">修改责任层级或属性会影响审批顺序和签字确认期限；已发布的清单内容不变。</span>
            </div>
          </Form>
        </details>
      ) : null}

      <section className="card">
        <h2>版本记录</h2>
        {d.versions.length ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>版本</th>
                  <th>状态</th>
                  <th>过程记录</th>
                  <th>比较</th>
                </tr>
              </thead>
              <tbody>
                {d.versions.map((v, i) => {
                  const previous = d.versions[i + 1]
                  return (
                    <tr key={v.id}>
                      <td>v{v.version}</td>
                      <td>{{ draft: '草稿', submitted: '审批中', published: '现行', superseded: '已废止' }[v.status]}</td>
                      <td>
                        <ul className="events">
                          {v.events.map((e, j) => (
                            <li key={j}>
                              <span className="muted">{formatDateTime(e.at)}</span> {e.actor_name}
                              {e.post_name ? `（${e.post_name}）` : ''}{' '}
                              {
                                {
                                  create: '创建',
                                  submit: '提交审批',
                                  approve: '审批通过',
                                  reject: '退回',
                                  publish: '发布',
                                  withdraw: '撤回',
                                }[e.action]
                              }
                              {e.comment ? `：${e.comment}` : ''}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        {previous ? (
                          <Link to={`/enterprise/posts/${post.id}/diff?from=${previous.version}&to=${v.version}`}>
                            与 v{previous.version} 比较
                          </Link>
                        ) : null}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">暂无版本。</p>
        )}
      </section>
      <PostRisks risks={d.risks} cardHref={`/enterprise/risks/card/${d.post.id}`} />
    </>
  )
}

function ApprovalProgress({ chain, step }: { chain: { role: 'unit_head' | 'deputy' | 'principal'; postName: string }[]; step: number }) {
  return (
    <ol className="progress">
      {chain.map((s, i) => (
        <li key={i} className={i < step ? 'done' : i === step ? 'current' : undefined}>
          {APPROVAL_ROLE_LABELS[s.role]} · {s.postName}
          {i < step ? ' ✓' : i === step ? '（待审批）' : ''}
        </li>
      ))}
    </ol>
  )
}
