import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { FormError } from '../components/Field'
import { OrgUnitFields } from '../components/OrgUnitFields'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { createOrgUnit, getOrgTree } from '../modules/org/org.server'
import { orgUnitSchema } from '../modules/org/schema'
import { parseForm } from '../utils/form'

export const meta: MetaFunction = () => [{ title: '组织机构 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.org.open)
  return { ...(await withActor(actor, request, (ctx) => getOrgTree(ctx))), canEdit: actor.role === 'enterprise_admin' }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.org.manage)
  const parsed = parseForm(orgUnitSchema, await request.formData())
  if (!parsed.ok) return data({ values: parsed.values, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => createOrgUnit(ctx, parsed.data))
  if (!result.ok) return data({ values: parsed.values, fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect('/enterprise/org?created=1')
}

export default function OrgPage() {
  const { units, deputies, canEdit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? {}
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>组织机构</h1>
          <p>公司 → 部门/车间 → 工段 → 班组。部门负责人岗位和分管负责人决定每份岗位清单由谁审批。</p>
        </div>
      </div>
      {params.get('created') && !actionData ? (
        <p className="notice" role="status">
          已保存。
        </p>
      ) : null}
      <section className="card">
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>机构</th>
                <th>类型</th>
                <th>部门负责人岗位</th>
                <th>分管负责人</th>
                <th className="num">岗位数</th>
                {canEdit ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {units.map((u) => (
                <tr key={u.id}>
                  <td style={{ paddingLeft: `${0.75 + u.depth * 1.5}rem` }}>
                    <Link to={`/enterprise/posts?unit=${u.id}`}>{u.name}</Link>
                  </td>
                  <td>{u.kind}</td>
                  <td>{u.heads.length ? u.heads.join('、') : <span className="muted">未设置</span>}</td>
                  <td>{u.supervisorName ?? <span className="muted">{u.parentId ? '沿用上级' : '—'}</span>}</td>
                  <td className="num">{u.posts}</td>
                  {canEdit ? <td>{u.parentId ? <Link to={`/enterprise/org/${u.id}`}>编辑</Link> : null}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {canEdit ? (
        <section className="card">
          <h2>新增机构</h2>
          <Form method="post" className="form" noValidate key={JSON.stringify(values)}>
            <FormError message={errors._form} />
            <OrgUnitFields values={values} errors={errors} parents={units} deputies={deputies} />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                添加
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}
