import { formFailure, refuse } from '../utils/result'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FormError } from '../components/Field'
import { withActor } from '../db.server'
import { listAccounts, resetByPlatform } from '../modules/auth/accounts.server'
import { ROLE_LABELS } from '../modules/auth/actor'
import { requirePlatformAdmin } from '../modules/auth/auth.server'
import { formValues } from '../utils/form'
import { formatDateTime } from '../utils/dates'

// 账号管理: the platform admin finds a head's, admin's or regulator's account and resets its password
// to a temporary one, shown once here, which its owner must change at the next sign-in.
export const meta: MetaFunction = () => [{ title: '账号管理 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformAccounts')
  const q = (new URL(request.url).searchParams.get('q') ?? '').replaceAll('\u0000', '').slice(0, 40)
  return withActor(actor, request, async (ctx) => ({ q, accounts: await listAccounts(ctx, q) }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformAccounts')
  const parsed = z
    .object({ userId: z.string().uuid() })
    .strict()
    .safeParse(formValues(await request.formData()))
  if (!parsed.success) return formFailure(refuse('请选择要重置的账号'), {}, { reset: null })
  const result = await withActor(actor, request, (ctx) => resetByPlatform(ctx, parsed.data.userId))
  if (!result.ok) return formFailure(result, {}, { reset: null })
  return {
    reset: { userId: parsed.data.userId, displayName: result.displayName, temporaryPassword: result.temporaryPassword },
  }
}

export default function PlatformAccounts() {
  const { q, accounts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <div>
          <h1>账号管理</h1>
          <p>
            企业负责人、企业安全管理员和监管人员的账号。重置后生成临时密码（只显示一次），请核实本人身份后告知；本人下次登录时必须修改，并会看到重置提示。从业人员的密码由本单位安全管理员重置。
          </p>
        </div>
      </div>
      <section className="card">
        <Form method="get" className="toolbar" role="search">
          <div className="field">
            <label htmlFor="q">查找</label>
            <input id="q" name="q" defaultValue={params.get('q') ?? q} placeholder="姓名、用户名、手机号或单位" />
          </div>
          <button type="submit" className="btn btn-secondary">
            查找
          </button>
        </Form>
        <FormError message={actionData && 'message' in actionData ? actionData.message : undefined} />
        {actionData?.reset ? (
          <div className="notice" role="status">
            已重置 {actionData.reset.displayName} 的密码。临时密码：
            <code data-testid="temporary-password">{actionData.reset.temporaryPassword}</code>
            （只显示这一次）
          </div>
        ) : null}
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>姓名</th>
                <th>用户名</th>
                <th>手机号</th>
                <th>角色</th>
                <th>单位</th>
                <th>状态</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id}>
                  <td>{a.displayName}</td>
                  <td>{a.username ?? '—'}</td>
                  <td>{a.phoneMasked ?? '—'}</td>
                  <td>{ROLE_LABELS[a.role]}</td>
                  <td>{a.organisation}</td>
                  <td>{a.lockedUntil ? `锁定至 ${formatDateTime(a.lockedUntil)}` : a.mustChange ? '待本人修改密码' : '正常'}</td>
                  <td>
                    <Form method="post" action={q ? `?q=${encodeURIComponent(q)}` : undefined}>
                      <input type="hidden" name="userId" value={a.id} />
                      <button
                        type="submit"
                        className="btn btn-secondary"
                        disabled={busy}
                        aria-label={`重置 ${a.displayName} 的密码`}
                        onClick={(e) => {
                          if (!window.confirm(`确定重置 ${a.displayName}（${a.organisation}）的密码？其当前密码立即失效，所有登录退出。`))
                            e.preventDefault()
                        }}
                      >
                        重置密码
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {accounts.length === 0 ? <p className="empty">没有符合条件的账号</p> : null}
        </div>
      </section>
    </>
  )
}
