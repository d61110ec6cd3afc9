import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { EnterpriseFields } from '../components/EnterpriseFields'
import { Field, FormError } from '../components/Field'
import { withActor } from '../db.server'
import { requirePlatformAdmin } from '../modules/auth/auth.server'
import { createEnterprise } from '../modules/platform/platform.server'
import { createEnterpriseSchema } from '../modules/platform/schema'
import { listIndustries, listLocatableRegions } from '../modules/reference/reference.server'
import { parseForm } from '../utils/form'

export const meta: MetaFunction = () => [{ title: '新建企业 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformEnterprises')
  return withActor(actor, request, async (ctx) => ({
    industries: await listIndustries(ctx.db),
    regions: await listLocatableRegions(ctx.db),
  }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformEnterprises')
  const parsed = parseForm(createEnterpriseSchema, await request.formData())
  // The password is never echoed back into the page.
  const keep = (values: Record<string, string>) => ({ ...values, adminPassword: '' })
  if (!parsed.ok) return data({ values: keep(parsed.values), fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => createEnterprise(ctx, parsed.data))
  if (!result.ok) return data({ values: keep(parsed.values), fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect('/platform/enterprises?created=1')
}

export default function NewEnterprise() {
  const { industries, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? {}
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <h1>新建企业</h1>
        <Link to="/platform/enterprises" className="btn btn-secondary">
          返回
        </Link>
      </div>
      <Form method="post" className="form" noValidate key={JSON.stringify(values)}>
        <FormError message={errors._form ?? (Object.keys(errors).length ? '请修改标红的内容后再提交' : undefined)} />
        <section className="card">
          <h2>企业信息</h2>
          <EnterpriseFields values={values} errors={errors} industries={industries} regions={regions} />
        </section>
        <section className="card">
          <h2>企业安全管理员账号</h2>
          <div className="form-grid">
            <Field name="adminName" label="姓名" defaultValue={values.adminName} error={errors.adminName} required />
            <Field
              name="adminUsername"
              label="用户名"
              defaultValue={values.adminUsername}
              error={errors.adminUsername}
              hint="小写字母开头，可含数字和下划线"
              required
            />
            <Field name="adminPhone" label="手机号" defaultValue={values.adminPhone} error={errors.adminPhone} inputMode="tel" required />
            <Field
              name="adminPassword"
              label="初始密码"
              type="password"
              autoComplete="new-password"
              error={errors.adminPassword}
              hint="至少10位，含字母和数字"
              required
            />
          </div>
        </section>
        <div className="actions">
          <button type="submit" className="btn" disabled={busy}>
            {busy ? '正在创建…' : '创建企业'}
          </button>
        </div>
      </Form>
    </>
  )
}
