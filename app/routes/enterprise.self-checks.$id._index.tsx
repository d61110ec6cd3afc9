import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ConfirmSignature } from '../components/ConfirmSignature'
import { formFailure, refuse, respond } from '../utils/result'
import { FormError } from '../components/Field'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getSelfCheck, signSelfCheck } from '../modules/obligations/obligations.server'
import { OBLIGATION_STATUS_CLASS } from '../modules/obligations/schema'
import { formatDateTime } from '../utils/dates'
import { isConfirmed, NOT_CONFIRMED } from '../utils/confirm'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '自查表 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.open)
  const id = uuidParam(params, 'id')
  const check = await withActor(actor, request, (ctx) => getSelfCheck(ctx, id))
  return { check, canSign: check.canSign, me: actor.displayName }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.sign)
  const id = uuidParam(params, 'id')
  if (!isConfirmed(await request.formData())) return formFailure(refuse(NOT_CONFIRMED))
  const result = await withActor(actor, request, (ctx) => signSelfCheck(ctx, id))
  return respond(result, {}, `/enterprise/self-checks/${id}`)
}

export default function SelfCheck() {
  const { check: c, canSign, me } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <a href={`/enterprise/self-checks/${c.id}/export`} className="btn btn-secondary" download>
          下载自查表（.xlsx）
        </a>
        <Link to="/enterprise/self-checks" className="btn btn-secondary">
          返回自查记录
        </Link>
        {canSign ? (
          <ConfirmSignature
            trigger="主要负责人签字"
            title="确认签署主体责任二十条自查表"
            confirmLabel="确认签字"
            signer={`${me}（主要负责人）`}
            consequence="签字后自查表不能修改，也不能撤回签字。"
            busy={busy}
            error={actionData?.message}
          >
            <p>{`${c.enterpriseName} 主体责任二十条自查表（自查时间 ${formatDateTime(c.createdAt)}）：`}</p>
            <p>
              {tally(c.items.map((i) => i.shown ?? '未评估'))
                .map(([status, n]) => `${status} ${n} 条`)
                .join('；')}
            </p>
          </ConfirmSignature>
        ) : null}
      </div>
      {canSign ? null : <FormError message={actionData?.message} />}
      <article className="a4">
        <header className="a4-head">
          <div>
            <p className="a4-org">{c.enterpriseName}</p>
            <h1>企业安全生产主体责任二十条自查表</h1>
            <p>
              自查时间：{formatDateTime(c.createdAt)} · 发起人：{c.createdBy}
            </p>
          </div>
        </header>
        <table className="signatures selfcheck">
          <thead>
            <tr>
              <th>条</th>
              <th>内容</th>
              <th>落实情况</th>
              <th>依据与说明</th>
            </tr>
          </thead>
          <tbody>
            {c.items.map((i) => (
              <tr key={i.no}>
                <td>{i.no}</td>
                <td>{i.title}</td>
                <td>{i.shown ? <span className={`badge ${OBLIGATION_STATUS_CLASS[i.shown]}`}>{i.shown}</span> : '未评估'}</td>
                <td>
                  {i.basis}
                  {i.figures.length ? <div className="muted">{i.figures.map((f) => `${f.label} ${f.value}`).join('；')}</div> : null}
                  {i.warning ? <div className="field-error">{i.warning}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="sign-block" style={{ marginTop: '1rem' }}>
          主要负责人签字：
          {c.signedBy ? (
            <span className="sign-name">
              {c.signedBy}（{c.signedPost}） {formatDateTime(c.signedAt!)}
            </span>
          ) : (
            <span className="badge badge-amber">待签字</span>
          )}
        </p>
      </article>
    </>
  )
}

/** How many items are in each state, in the order they first appear. */
function tally(states: string[]): [string, number][] {
  const counts = new Map<string, number>()
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1)
  return [...counts]
}
