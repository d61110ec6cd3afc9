import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { PlanForm } from '../components/Checks'
import { DateField, useFreshFormKey } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { planForm, savePlan } from '../modules/checks/checks.server'
import { todayInShanghai } from '../utils/dates'
import { formValues } from '../utils/form'
import { respond } from '../utils/result'

export const meta: MetaFunction = () => [{ title: '新建排查计划 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.manage)
  return { today: todayInShanghai(), ...(await withActor(actor, request, (ctx) => planForm(ctx, null))) }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.manage)
  const values = formValues(await request.formData())
  const result = await withActor(actor, request, (ctx) => savePlan(ctx, null, values))
  return respond(result, values, (ok) => `/enterprise/checks/plans/${ok.planId}?saved=1`)
}

export default function NewPlan() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const busy = useNavigation().state === 'submitting'
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const values: Record<string, string> = actionData?.values ?? { startOn: data.today, kind: 'daily', frequency: 'shift', shifts: '1' }
  return (
    <>
      <div className="page-head">
        <div>
          <h1>新建排查计划</h1>
          <p>选择排查类型、频次和执行岗位，再从排查清单中勾选本计划要查的管控措施。</p>
        </div>
        <Link to="/enterprise/checks" className="btn btn-secondary">
          返回
        </Link>
      </div>
      <section className="card" key={freshKey(values)}>
        <PlanForm
          data={data}
          values={values}
          errors={errors}
          message={actionData?.message}
          chosen={new Set()}
          busy={busy}
          submitLabel="保存计划"
          dates={
            <>
              <DateField name="startOn" label="开始日期" required defaultValue={values.startOn} error={errors.startOn} />
              <DateField
                name="endOn"
                label="结束日期（可选）"
                defaultValue={values.endOn}
                error={errors.endOn}
                hint="季节性、节假日排查填写；停用计划也填写"
              />
            </>
          }
          scheduleLocked={false}
        />
      </section>
    </>
  )
}
