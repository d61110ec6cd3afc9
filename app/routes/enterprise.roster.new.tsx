import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { EmployeeFields } from '../components/EmployeeFields'
import { FormError } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { createEmployee } from '../modules/org/org.server'
import { employeeSchema } from '../modules/org/schema'
import { parseForm } from '../utils/form'

export const meta: MetaFunction = () => [{ title: '新增人员 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEnterpriseUser(request, ACCESS.roster.open)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const parsed = parseForm(employeeSchema, await request.formData())
  if (!parsed.ok) return data({ values: parsed.values, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => createEmployee(ctx, parsed.data))
  if (!result.ok) return data({ values: parsed.values, fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect(`/enterprise/roster/${result.employeeId}?created=1`)
}

export default function NewEmployee() {
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? { employmentType: '正式' }
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <h1>新增人员</h1>
        <Link to="/enterprise/roster" className="btn btn-secondary">
          返回花名册
        </Link>
      </div>
      <section className="card">
        <Form method="post" className="form" noValidate key={JSON.stringify(values)}>
          <FormError message={Object.keys(errors).length ? '请修改标红的内容后再保存' : undefined} />
          <EmployeeFields values={values} errors={errors} />
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              保存并安排岗位
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}
