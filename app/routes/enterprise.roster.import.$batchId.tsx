import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { ImportProblems } from '../components/ImportProblems'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { commitRosterImport, getImportBatch } from '../modules/org/roster.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '导入预览 · 人员花名册 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const batchId = uuidParam(params, 'batchId')
  return withActor(actor, request, (ctx) => getImportBatch(ctx, batchId))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const batchId = uuidParam(params, 'batchId')
  const result = await withActor(actor, request, (ctx) => commitRosterImport(ctx, batchId))
  if (!result.ok) return data({ message: result.message, problems: result.problems ?? [] }, { status: 400 })
  return redirect(`/enterprise/roster/import/${batchId}`)
}

export default function ImportPreview() {
  const b = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const problems = actionData?.problems?.length ? actionData.problems : b.problems
  return (
    <>
      <div className="page-head">
        <div>
          <h1>导入预览：{b.fileName}</h1>
          <p>
            共 {b.rowCount} 行数据，{b.problemCount ? `发现 ${b.problemCount} 处错误` : '全部检查通过'}
          </p>
        </div>
        <Link to="/enterprise/roster" className="btn btn-secondary">
          返回花名册
        </Link>
      </div>
      <FormError message={actionData?.message} />
      {b.status === 'committed' ? (
        <p className="notice" role="status">
          已导入 {b.validCount} 名人员及其岗位。
        </p>
      ) : b.problemCount ? (
        <ImportProblems problems={problems} total={b.problemCount} />
      ) : (
        <section className="card">
          <Form method="post" className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在导入…' : `确认导入 ${b.validCount} 名人员`}
            </button>
            <span className="muted">整批一次写入，写入前会再次检查工号、手机号是否已被占用。</span>
          </Form>
        </section>
      )}
      {b.sample.length ? (
        <section className="card">
          <h2>数据预览{b.validCount > b.sample.length ? `（前 ${b.sample.length} 行）` : ''}</h2>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th className="num">行号</th>
                  <th>姓名</th>
                  <th>工号</th>
                  <th>手机号</th>
                  <th>部门</th>
                  <th>岗位</th>
                  <th>用工形式</th>
                  <th>入职日期</th>
                  <th>任职日期</th>
                  <th>身份证号</th>
                </tr>
              </thead>
              <tbody>
                {b.sample.map((r) => (
                  <tr key={r.row}>
                    <td className="num">{r.row}</td>
                    <td>{r.name}</td>
                    <td>{r.employeeNo}</td>
                    <td>{r.phone}</td>
                    <td>{r.unitLabel}</td>
                    <td>{r.postNames.join('、')}</td>
                    <td>{r.employmentType}</td>
                    <td>{r.hiredOn}</td>
                    <td>{r.startOn}</td>
                    <td>{r.idCard ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  )
}
