import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { ImportProblems } from '../components/ImportProblems'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { commitPostsImport, getPostsImportBatch } from '../modules/duties/import.server'
import { TIER_LABELS } from '../modules/org/rules'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '导入预览 · 岗位责任清单 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.manage)
  const batchId = uuidParam(params, 'batchId')
  return withActor(actor, request, (ctx) => getPostsImportBatch(ctx, batchId))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.manage)
  const batchId = uuidParam(params, 'batchId')
  const result = await withActor(actor, request, (ctx) => commitPostsImport(ctx, batchId))
  if (!result.ok) return data({ message: result.message }, { status: 400 })
  return redirect(`/enterprise/posts/import/${batchId}`)
}

export default function PostsImportPreview() {
  const b = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <div>
          <h1>导入预览：{b.fileName}</h1>
          <p>
            共 {b.rowCount} 行，
            {b.problemCount
              ? `发现 ${b.problemCount} 处错误`
              : `新建岗位 ${b.newPosts} 个，修订已有岗位 ${b.revisedPosts} 个，职责 ${b.items} 条`}
          </p>
        </div>
        <Link to="/enterprise/posts" className="btn btn-secondary">
          返回岗位列表
        </Link>
      </div>
      <FormError message={actionData?.message} />
      {b.status === 'committed' ? (
        <p className="notice" role="status">
          已导入。每个岗位生成了一份清单草稿，请逐一核对后提交审批。
        </p>
      ) : b.problemCount ? (
        <ImportProblems problems={b.problems} total={b.problemCount} />
      ) : (
        <section className="card">
          <Form method="post" className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在导入…' : `确认导入 ${b.rows.length} 个岗位的清单`}
            </button>
            <span className="muted">导入的清单均为草稿，需提交审批、三级签字后才发布。</span>
          </Form>
        </section>
      )}
      {b.rows.length ? (
        <section className="card">
          <h2>岗位预览</h2>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>部门</th>
                  <th>岗位</th>
                  <th>责任层级</th>
                  <th>导入方式</th>
                  <th className="num">职责条数</th>
                  <th>第一条职责</th>
                </tr>
              </thead>
              <tbody>
                {b.rows.map((g) => (
                  <tr key={`${g.unitId}-${g.postName}`}>
                    <td>{g.unitLabel}</td>
                    <td>{g.postName}</td>
                    <td>
                      第{g.tier}级 {TIER_LABELS[g.tier]}
                    </td>
                    <td>{g.postId ? <span className="badge badge-amber">新修订版本</span> : <span className="badge">新建岗位</span>}</td>
                    <td className="num">{g.items.length}</td>
                    <td>{g.items[0]?.text}</td>
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
