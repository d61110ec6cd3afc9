import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { PlanForm } from '../components/Checks'
import { DateField, useFreshFormKey } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { planForm, savePlan } from '../modules/checks/checks.server'
import { formValues } from '../utils/form'
import { uuidParam } from '../utils/http'
import { respond } from '../utils/result'

export const meta: MetaFunction = () => [{ title: '修改排查计划 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.manage)
  const planId = uuidParam(params, 'planId')
  return withActor(actor, request, (ctx) => planForm(ctx, planId))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.manage)
  const planId = uuidParam(params, 'planId')
  const values = formValues(await request.formData())
  const result = await withActor(actor, request, (ctx) => savePlan(ctx, planId, values))
  return respond(result, values, `/enterprise/checks/plans/${planId}?saved=1`)
}

export default function EditPlan() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const busy = useNavigation().state === 'submitting'
  const plan = data.plan!
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const values: Record<string, string> = actionData?.values ?? {
    name: plan.name,
    kind: plan.kind,
    frequency: plan.frequency,
    shifts: String(plan.shifts),
    postId: plan.postId,
    startOn: plan.startOn,
    endOn: plan.endOn ?? '',
  }
  return (
    <>
      <div className="page-head">
        <div>
          <h1>修改排查计划</h1>
          <p>{plan.name}</p>
        </div>
        <Link to={`/enterprise/checks/plans/${plan.id}`} className="btn btn-secondary">
          返回
        </Link>
      </div>
      <section className="card" key={freshKey(values)}>
        <PlanForm
          data={data}
          values={values}
          errors={errors}
          message={actionData?.message}
          chosen={actionData ? new Set() : new Set(plan.itemKeys)}
          busy={busy}
          submitLabel="保存修改"
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
          scheduleLocked={plan.checks > 0}
        />
      </section>
    </>
  )
}
