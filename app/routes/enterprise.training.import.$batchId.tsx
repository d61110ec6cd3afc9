import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { ImportProblems } from '../components/ImportProblems'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { commitAttendanceImport, getAttendanceBatch } from '../modules/training/training.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '导入预览 · 签到表 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.manage)
  const batchId = uuidParam(params, 'batchId')
  return withActor(actor, request, (ctx) => getAttendanceBatch(ctx, batchId))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.manage)
  const batchId = uuidParam(params, 'batchId')
  const result = await withActor(actor, request, (ctx) => commitAttendanceImport(ctx, batchId))
  if (!result.ok) return data({ message: result.message }, { status: 400 })
  return redirect(`/enterprise/training/${result.sessionId}`)
}

export default function AttendancePreview() {
  const b = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <div>
          <h1>导入预览：{b.fileName}</h1>
          <p>
            共 {b.rowCount} 行，{b.problemCount ? `发现 ${b.problemCount} 处错误` : '全部检查通过'}
          </p>
        </div>
        {b.sessionId ? (
          <Link to={`/enterprise/training/${b.sessionId}`} className="btn btn-secondary">
            返回培训
          </Link>
        ) : null}
      </div>
      <FormError message={actionData?.message} />
      {b.status === 'committed' ? (
        <p className="notice">已导入。</p>
      ) : b.problemCount ? (
        <ImportProblems problems={b.problems} total={b.problemCount} />
      ) : (
        <section className="card">
          <Form method="post" className="actions">
            <button type="submit" className="btn" disabled={busy}>
              确认导入 {b.rows.length} 名参训人员
            </button>
          </Form>
          <ul className="plain" style={{ marginTop: '0.75rem' }}>
            {b.rows.slice(0, 100).map((r) => (
              <li key={r.row}>
                第 {r.row} 行：{r.name}（{r.employeeNo}）{r.result ?? ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}
