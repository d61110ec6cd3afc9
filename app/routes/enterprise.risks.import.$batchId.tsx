import { respond } from '../utils/result'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { RiskLevelBadge } from '../components/Hazards'
import { ImportProblems } from '../components/ImportProblems'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { commitRegisterImport, getRegisterBatch } from '../modules/hazards/register-import.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '导入预览 · 风险分级管控清单 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.risks.manage)
  const batchId = uuidParam(params, 'batchId')
  return withActor(actor, request, (ctx) => getRegisterBatch(ctx, batchId))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.risks.manage)
  const batchId = uuidParam(params, 'batchId')
  const result = await withActor(actor, request, (ctx) => commitRegisterImport(ctx, batchId))
  return respond(result, {}, (ok) => `/enterprise/risks?imported=${ok.added + ok.updated}`)
}

export default function RegisterImportPreview() {
  const b = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const updates = b.rows.filter((r) => r.updates).length
  return (
    <>
      <div className="page-head">
        <div>
          <h1>导入预览：{b.fileName}</h1>
          <p>
            共 {b.rowCount} 行，{b.problemCount ? `发现 ${b.problemCount} 处错误` : '全部检查通过'}
          </p>
        </div>
        <Link to="/enterprise/risks" className="btn btn-secondary">
          返回风险清单
        </Link>
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
              确认导入 {b.rows.length} 个危险源（新增 {b.rows.length - updates}，更新 {updates}）
            </button>
          </Form>
          <div className="table-wrap" style={{ marginTop: '0.75rem' }}>
            <table className="data">
              <thead>
                <tr>
                  <th className="num">行号</th>
                  <th>所属单元</th>
                  <th>风险点</th>
                  <th>危险源</th>
                  <th>评价</th>
                  <th>风险等级</th>
                  <th>责任岗位</th>
                  <th>导入后</th>
                </tr>
              </thead>
              <tbody>
                {b.rows.slice(0, 200).map((r) => (
                  <tr key={r.row}>
                    <td className="num">第 {r.row} 行</td>
                    <td>{r.unit}</td>
                    <td>{r.point}</td>
                    <td>{r.source}</td>
                    <td>
                      {r.method} {r.score}
                    </td>
                    <td>
                      <RiskLevelBadge level={r} />
                    </td>
                    <td>{r.post}</td>
                    <td>{r.updates ? '更新' : '新增'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  )
}
