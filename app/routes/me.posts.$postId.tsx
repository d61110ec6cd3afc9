import { formFailure, refuse } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { DutyItems } from '../components/DutyItems'
import { FormError } from '../components/Field'
import { SignaturePad } from '../components/SignaturePad'
import { withActor } from '../db.server'
import { PostRisks } from '../components/Hazards'
import { risksOfPost } from '../modules/hazards/risks.server'
import { confirmList, confirmationPage, currentAcknowledgementId } from '../modules/acknowledgements/acknowledgements.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { formatDate, formatDateTime } from '../utils/dates'
import { formValues } from '../utils/form'
import { uuidParam } from '../utils/http'
import { notMyPost } from '../modules/duties/duties.server'

// Where the QR code on a posted list leads: the worker reads their post's current list and signs it.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && 'notMine' in data ? '不是您的岗位' : `${data?.post.name ?? ''} · 我的责任清单` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const postId = uuidParam(params, 'postId')
  return withActor(actor, request, async (ctx) => {
    const other = await notMyPost(ctx, postId)
    if (other) return { notMine: other }
    const page = await confirmationPage(ctx, postId)
    return {
      ...page,
      // 岗位风险告知: what can hurt on this post, read before confirming the duties
      risks: await risksOfPost(ctx, postId),
      acknowledgementId: page.version ? await currentAcknowledgementId(ctx, postId, page.version.id) : null,
    }
  })
}

const confirmSchema = z
  .object({
    versionId: z.string().uuid(),
    signature: z.string().max(500_000).optional().default(''),
    typedName: z.string().max(60).optional().default(''),
    read: z.literal('on', { error: '请先勾选“我已阅读并熟知本岗位安全生产责任”' }),
  })
  .strict()

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const postId = uuidParam(params, 'postId')
  const parsed = confirmSchema.safeParse(formValues(await request.formData()))
  if (!parsed.success) {
    const read = parsed.error.issues.find((i) => i.path[0] === 'read')
    return formFailure(refuse(read ? read.message : '提交的内容不完整，请刷新页面后重试'), {}, { field: read ? 'read' : undefined })
  }
  const { versionId, signature, typedName } = parsed.data
  const input = signature
    ? { versionId, signatureKind: 'drawn' as const, signature }
    : { versionId, signatureKind: 'typed' as const, signature: typedName.trim() }
  if (!input.signature) return formFailure(refuse('请手写签名，或在下方输入您的姓名'), {}, { field: 'signature' })
  const result = await withActor(actor, request, (ctx) => confirmList(ctx, postId, input))
  if (!result.ok) return formFailure(result, {}, { field: result.field })
  return redirect(`/me/posts/${postId}?confirmed=1`)
}

const STATE_CLASS = {
  confirmed: 'state-confirmed',
  pending: 'state-pending',
  overdue: 'state-overdue',
  reconfirm: 'state-reconfirm',
} as const

export default function MyPostList() {
  const n = useLoaderData<typeof loader>()
  if ('notMine' in n && n.notMine) return <NotMyPost postName={n.notMine.postName ?? ''} myPosts={n.notMine.myPosts ?? []} />
  return <ConfirmPage n={n as PageData} />
}

/** Another post's QR code: say so, and lead to the worker's own posts. */
function NotMyPost({ postName, myPosts }: { postName: string; myPosts: { id: string; name: string }[] }) {
  return (
    <section className="card attention">
      <h1>这不是您的岗位</h1>
      <p>您扫描的是「{postName}」岗位的责任清单。您不在这个岗位上任职，不需要对它签字确认。</p>
      {myPosts.length ? (
        <>
          <p>您的岗位：</p>
          <ul>
            {myPosts.map((p) => (
              <li key={p.id}>
                <Link to={`/me/posts/${p.id}`}>{p.name}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>您目前没有在岗的岗位。如有疑问，请联系本单位安全管理人员。</p>
      )}
      <p>
        <Link to="/me" className="btn btn-secondary">
          返回我的岗位
        </Link>
      </p>
    </section>
  )
}

type PageData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { version: unknown }>

function ConfirmPage({ n }: { n: PageData }) {
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const back = (
    <p>
      <Link to="/me" className="btn btn-secondary">
        返回我的岗位
      </Link>
    </p>
  )
  if (!n.version) {
    return (
      <>
        <div className="page-head">
          <div>
            <h1>{n.post.name}</h1>
            <p>{n.post.unitPath}</p>
          </div>
        </div>
        <section className="card">
          <p>本岗位的安全生产责任清单还在编制或审批中，发布后会在这里显示，届时请阅读并签字确认。</p>
        </section>
        {back}
      </>
    )
  }
  const mine = n.mine
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{n.version.title}</h1>
          <p>
            {n.post.unitPath} · v{n.version.version} · {n.version.publishedAt ? `${formatDate(n.version.publishedAt)} 发布` : ''}
          </p>
          {mine ? (
            <p>
              <span className={`badge ${STATE_CLASS[mine.state]}`}>{mine.stateLabel}</span>{' '}
              {mine.state === 'confirmed' && mine.confirmedAt
                ? `${formatDateTime(mine.confirmedAt)} 已签字确认`
                : `请于 ${mine.deadline} 24:00 前签字确认（期限：${n.periodLabel}）`}
              {n.acknowledgementId ? (
                <>
                  {' '}
                  <Link to={`/acknowledgements/${n.acknowledgementId}`}>查看确认书</Link>
                </>
              ) : null}
            </p>
          ) : null}
        </div>
      </div>
      {params.get('confirmed') && !actionData ? (
        <p className="notice" role="status">
          签字确认成功。本记录已存档，不可修改。
        </p>
      ) : null}
      <section className="card">
        <DutyItems items={n.items} />
        {mine && mine.state !== 'confirmed' ? (
          <Form method="post" className="form confirm-box">
            <h2>签字确认</h2>
            <p>
              本人 <b>{n.signerName}</b> 已认真阅读上述 {n.items.length} 条岗位安全生产责任，熟知本岗位安全生产职责，承诺严格履行。
            </p>
            <input type="hidden" name="versionId" value={n.version.id} />
            <label className={actionData?.field === 'read' ? 'field-error' : undefined}>
              <input type="checkbox" name="read" /> 我已阅读并熟知本岗位安全生产责任
            </label>
            {actionData?.field === 'read' ? (
              <span className="field-error" role="alert">
                {actionData.message}
              </span>
            ) : null}
            <SignaturePad name="signature" error={actionData?.field === 'signature' ? actionData.message : undefined} />
            <div className={`field${actionData?.field === 'typedName' ? ' invalid' : ''}`}>
              <label htmlFor="f-typedName">无法手写时，请输入您的姓名代替签名</label>
              <input id="f-typedName" name="typedName" autoComplete="name" placeholder={n.signerName ?? ''} />
              {actionData?.field === 'typedName' ? <span className="field-error">{actionData.message}</span> : null}
            </div>
            {actionData && !actionData.field ? <FormError message={actionData.message} /> : null}
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在提交…' : '确认签字'}
            </button>
          </Form>
        ) : null}
      </section>
      {back}
      <PostRisks risks={n.risks} />
    </>
  )
}
