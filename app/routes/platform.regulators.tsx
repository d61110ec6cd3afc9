import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Field, FormError } from '../components/Field'
import { withActor } from '../db.server'
import { requirePlatformAdmin } from '../modules/auth/auth.server'
import { createRegulatorAccount, listRegulatorAccounts } from '../modules/platform/platform.server'
import { createRegulatorSchema } from '../modules/platform/schema'
import { listDepartments } from '../modules/reference/reference.server'
import { formatDate } from '../utils/dates'
import { parseForm } from '../utils/form'

export const meta: MetaFunction = () => [{ title: '监管账号 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformRegulators')
  return withActor(actor, request, async (ctx) => ({
    departments: await listDepartments(ctx.db),
    accounts: await listRegulatorAccounts(ctx),
  }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformRegulators')
  const parsed = parseForm(createRegulatorSchema, await request.formData())
  const keep = (values: Record<string, string>) => ({ ...values, password: '' })
  if (!parsed.ok) return data({ values: keep(parsed.values), fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => createRegulatorAccount(ctx, parsed.data))
  if (!result.ok) return data({ values: keep(parsed.values), fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect('/platform/regulators?created=1')
}

export default function PlatformRegulators() {
  const { departments, accounts } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? {}
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>监管账号</h1>
          <p>为负有安全生产监督管理职责的部门开通账号；账号只能看到本部门监管范围内的企业。</p>
        </div>
      </div>
      {params.get('created') && !actionData ? (
        <p className="notice" role="status">
          监管账号已创建。
        </p>
      ) : null}
      <section className="card">
        <h2>新建监管账号</h2>
        <Form method="post" className="form" noValidate key={JSON.stringify(values)}>
          <FormError message={errors._form} />
          <div className="form-grid">
            <Field
              name="departmentId"
              label="所属部门"
              defaultValue={values.departmentId}
              error={errors.departmentId}
              options={departments.map((d) => ({ value: d.id, label: `${d.name}（${d.regionName}）` }))}
              required
            />
            <Field name="displayName" label="姓名" defaultValue={values.displayName} error={errors.displayName} required />
            <Field name="username" label="用户名" defaultValue={values.username} error={errors.username} required />
            <Field name="phone" label="手机号" defaultValue={values.phone} error={errors.phone} inputMode="tel" required />
            <Field
              name="password"
              label="初始密码"
              type="password"
              autoComplete="new-password"
              error={errors.password}
              hint="至少10位，含字母和数字"
              required
            />
          </div>
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在创建…' : '创建账号'}
            </button>
          </div>
        </Form>
      </section>
      <section className="card">
        <h2>已开通的监管账号</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>姓名</th>
                <th>用户名</th>
                <th>手机号</th>
                <th>所属部门</th>
                <th>开通日期</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id}>
                  <td>{a.displayName}</td>
                  <td>{a.username}</td>
                  <td>{a.phone}</td>
                  <td>{a.departmentName}</td>
                  <td>{formatDate(a.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
