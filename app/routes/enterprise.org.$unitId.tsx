import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { OrgUnitFields } from '../components/OrgUnitFields'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getOrgTree, updateOrgUnit } from '../modules/org/org.server'
import { orgUnitSchema } from '../modules/org/schema'
import { parseForm } from '../utils/form'
import { notFound, uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '编辑机构 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.org.manage)
  const unitId = uuidParam(params, 'unitId')
  const tree = await withActor(actor, request, (ctx) => getOrgTree(ctx))
  const unit = tree.units.find((u) => u.id === unitId)
  if (!unit || !unit.parentId) throw notFound()
  return { unit, parents: tree.units.filter((u) => u.id !== unitId), deputies: tree.deputies }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.org.manage)
  const unitId = uuidParam(params, 'unitId')
  const parsed = parseForm(orgUnitSchema, await request.formData())
  if (!parsed.ok) return data({ values: parsed.values, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => updateOrgUnit(ctx, unitId, parsed.data))
  if (!result.ok) return data({ values: parsed.values, fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect('/enterprise/org?created=1')
}

export default function EditUnit() {
  const { unit, parents, deputies } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? {
    name: unit.name,
    kind: unit.kind,
    parentId: unit.parentId ?? '',
    supervisorPostId: unit.supervisorPostId ?? '',
  }
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <h1>编辑机构：{unit.name}</h1>
        <Link to="/enterprise/org" className="btn btn-secondary">
          返回组织机构
        </Link>
      </div>
      <section className="card">
        <Form method="post" className="form" noValidate key={JSON.stringify(values)}>
          <FormError message={errors._form} />
          <OrgUnitFields values={values} errors={errors} parents={parents} deputies={deputies} />
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              保存
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}
