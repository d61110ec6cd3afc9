import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { DataTable, type Column, FilterBar } from '../components/DataTable'
import { Field, FormError } from '../components/Field'
import { withActor } from '../db.server'
import { requirePlatformAdmin } from '../modules/auth/auth.server'
import { listPushEndpoints, listPushOutbox, retryDeadPush, setPushEndpoint, type OutboxRow } from '../modules/push/push.server'
import { PUSH_STATUS_LABELS, PUSH_STATUSES, type PushStatus } from '../modules/push/rules'
import { endpointSchema, outboxQuerySchema, retrySchema } from '../modules/push/schema'
import { formatDateTime } from '../utils/dates'
import { parseForm } from '../utils/form'
import { searchParamsObject } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '省级平台推送 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformPush')
  const query = outboxQuerySchema.parse(searchParamsObject(new URL(request.url)))
  return withActor(actor, request, async (ctx) => ({
    query,
    ...(await listPushEndpoints(ctx)),
    ...(await listPushOutbox(ctx, query)),
  }))
}

/** Back to the page as it was (filter, page), with a notice. */
function backTo(request: Request, flag: string) {
  const params = new URL(request.url).searchParams
  for (const k of ['saved', 'retried', 'region', 'index']) params.delete(k)
  params.set(flag, '1')
  return redirect(`/platform/push?${params.toString()}`)
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformPush')
  const formData = await request.formData()
  if (formData.get('intent') === 'retry') {
    const parsed = parseForm(retrySchema, formData)
    if (!parsed.ok)
      return data({ intent: 'retry' as const, message: '该推送记录不存在，请刷新页面', values: {}, fieldErrors: {} }, { status: 400 })
    const result = await withActor(actor, request, (ctx) => retryDeadPush(ctx, parsed.data))
    if (!result.ok) return data({ intent: 'retry' as const, message: result.message, values: {}, fieldErrors: {} }, { status: 400 })
    return backTo(request, 'retried')
  }
  const parsed = parseForm(endpointSchema, formData)
  // the token is a secret: never sent back into the page, even the one just typed
  const keep = (values: Record<string, string>) => ({ ...values, token: '' })
  if (!parsed.ok)
    return data(
      { intent: 'endpoint' as const, message: null, values: keep(parsed.values), fieldErrors: parsed.fieldErrors },
      { status: 400 },
    )
  const result = await withActor(actor, request, (ctx) => setPushEndpoint(ctx, parsed.data))
  if (!result.ok)
    return data(
      { intent: 'endpoint' as const, message: null, values: keep(parsed.values), fieldErrors: result.fieldErrors },
      { status: 400 },
    )
  return backTo(request, 'saved')
}

const STATUS_BADGE: Record<PushStatus, string> = { pending: 'badge badge-amber', delivered: 'badge badge-green', dead: 'badge badge-red' }

const columns: Column<OutboxRow>[] = [
  { id: 'enterprise', header: '企业', cell: (r) => r.enterpriseName },
  { id: 'region', header: '接收地区', cell: (r) => r.regionName },
  { id: 'publishedAt', header: '报告发布时间', cell: (r) => formatDateTime(r.publishedAt) },
  { id: 'status', header: '状态', cell: (r) => <span className={STATUS_BADGE[r.status]}>{PUSH_STATUS_LABELS[r.status]}</span> },
  { id: 'attempts', header: '次数', numeric: true, cell: (r) => r.attempts },
  {
    id: 'lastError',
    header: '最近错误',
    cell: (r) =>
      r.lastError ? (
        <span className={r.status === 'dead' ? 'field-error' : undefined}>{r.lastError}</span>
      ) : r.lastStatus ? (
        <span className="muted">HTTP {r.lastStatus}</span>
      ) : (
        <span className="muted">—</span>
      ),
  },
  { id: 'nextAttemptAt', header: '下次尝试', cell: (r) => (r.nextAttemptAt ? formatDateTime(r.nextAttemptAt) : '—') },
  { id: 'deliveredAt', header: '送达时间', cell: (r) => (r.deliveredAt ? formatDateTime(r.deliveredAt) : '—') },
  {
    id: 'actions',
    header: '操作',
    cell: (r) =>
      r.status === 'dead' ? (
        <Form method="post">
          <input type="hidden" name="intent" value="retry" />
          <input type="hidden" name="enterpriseId" value={r.enterpriseId} />
          <input type="hidden" name="id" value={r.id} />
          <button type="submit" className="btn btn-small">
            重新投递
          </button>
        </Form>
      ) : null,
  },
]

export default function PlatformPush() {
  const { query, endpoints, regions, page, counts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const editing = query.region ? endpoints.find((e) => e.regionCode === query.region) : undefined
  const endpointAction = actionData?.intent === 'endpoint' ? actionData : null
  const values: Record<string, string> =
    endpointAction?.values ??
    (editing ? { regionCode: editing.regionCode, url: editing.url, enabled: editing.enabled ? 'on' : '' } : { enabled: 'on' })
  const errors: Record<string, string> = endpointAction?.fieldErrors ?? {}
  const configured = endpoints.find((e) => e.regionCode === values.regionCode)
  return (
    <>
      <div className="page-head">
        <div>
          <h1>省级平台推送</h1>
          <p>
            企业主要负责人签字发布的状况报告，自动推送到所在地区配置的省级平台；失败自动重试，多次失败或被拒收的转为死信，需人工处理后重新投递。
          </p>
        </div>
      </div>
      {params.get('saved') && !actionData ? (
        <p className="notice" role="status">
          推送配置已保存。
        </p>
      ) : null}
      {params.get('retried') && !actionData ? (
        <p className="notice" role="status">
          已重新加入投递队列，将在下一轮自动投递。
        </p>
      ) : null}
      {actionData?.intent === 'retry' ? <FormError message={actionData.message ?? undefined} /> : null}

      <div className="stats areas">
        {PUSH_STATUSES.map((s) => (
          <Link key={s} to={`?status=${s}`} className={`stat${s === 'dead' && counts.dead > 0 ? ' stat-red' : ''}`}>
            <b>{counts[s]}</b>
            <span>{PUSH_STATUS_LABELS[s]}</span>
          </Link>
        ))}
      </div>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2>接收端配置</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">地区</th>
                <th scope="col">推送地址</th>
                <th scope="col">访问令牌</th>
                <th scope="col">状态</th>
                <th scope="col">最近修改</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.length === 0 ? (
                <tr>
                  <td colSpan={6} className="empty">
                    尚未配置接收端，发布的状况报告不会推送。
                  </td>
                </tr>
              ) : (
                endpoints.map((e) => (
                  <tr key={e.regionCode}>
                    <td>{e.regionName}</td>
                    <td style={{ wordBreak: 'break-all' }}>{e.url}</td>
                    <td>{e.tokenMasked}</td>
                    <td>{e.enabled ? <span className="badge badge-green">启用</span> : <span className="badge badge-grey">停用</span>}</td>
                    <td>
                      {formatDateTime(e.updatedAt)}
                      {e.updatedBy ? <span className="muted">（{e.updatedBy}）</span> : null}
                    </td>
                    <td>
                      <Link to={`?region=${e.regionCode}#endpoint-form`}>修改</Link>
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        <h3 id="endpoint-form">{editing ? `修改 ${editing.regionName} 的接收端` : '新增或修改接收端'}</h3>
        <Form method="post" className="form" noValidate key={JSON.stringify(values)}>
          <input type="hidden" name="intent" value="endpoint" />
          <FormError message={errors._form ?? errors.intent} />
          <div className="form-grid">
            <Field
              name="regionCode"
              label="地区"
              defaultValue={values.regionCode}
              error={errors.regionCode}
              options={regions.map((r) => ({ value: r.code, label: r.label }))}
              hint="省级接收端收到全省企业的报告；已配置的地区再次保存即为修改"
              required
            />
            <Field
              name="url"
              label="推送地址"
              type="url"
              defaultValue={values.url}
              error={errors.url}
              placeholder="https://"
              hint="接收 JSON 的 HTTPS 地址"
              required
            />
            <Field
              name="token"
              label="访问令牌"
              type="password"
              autoComplete="off"
              error={errors.token}
              hint={configured ? `留空则保留原令牌（${configured.tokenMasked}）` : '由省级平台分配；保存后页面不再显示'}
              required={!configured}
            />
          </div>
          <fieldset className="checks">
            <legend>推送状态</legend>
            <label>
              <input type="checkbox" name="enabled" defaultChecked={values.enabled === 'on'} />{' '}
              启用推送（停用期间待投递的记录暂停，启用后继续）
            </label>
            {errors.enabled ? <span className="field-error">{errors.enabled}</span> : null}
          </fieldset>
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在保存…' : '保存'}
            </button>
            {editing ? (
              <Link to="?" className="btn btn-secondary">
                取消修改
              </Link>
            ) : null}
          </div>
        </Form>
      </section>

      <section className="card">
        <h2>推送记录</h2>
        <FilterBar search={false}>
          <div className="field">
            <label htmlFor="status">状态</label>
            <select id="status" name="status" defaultValue={query.status ?? ''}>
              <option value="">全部（死信在前）</option>
              {PUSH_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {PUSH_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <input type="hidden" name="size" value={query.size} />
          <button type="submit" className="btn">
            筛选
          </button>
          <Link to="?" className="btn btn-secondary">
            清除
          </Link>
        </FilterBar>
        <DataTable
          columns={columns}
          rows={page.rows}
          total={page.total}
          page={page.page}
          size={page.size}
          rowKey={(r) => r.id}
          empty="没有推送记录"
          caption="推送记录"
        />
      </section>
    </>
  )
}
