import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { ImportUpload } from '../components/ImportProblems'
import { previewPostsImport } from '../modules/duties/import.server'
import { MAX_UPLOAD_BYTES } from '../modules/excel/workbook.server'
import { readUpload } from '../utils/upload.server'
import { DataTable, UnitFilter, FilterActions, type Column, FilterBar } from '../components/DataTable'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { listPosts, type PostRow } from '../modules/duties/duties.server'
import { unconfirmedByPost } from '../modules/acknowledgements/acknowledgements.server'
import { postListSchema } from '../modules/duties/schema'
import { TIER_LABELS } from '../modules/org/rules'
import { listOrgUnits } from '../modules/org/org.server'
import { searchParamsObject } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '岗位与责任清单 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.open)
  const query = postListSchema.parse(searchParamsObject(new URL(request.url)))
  return withActor(actor, request, async (ctx) => {
    const page = await listPosts(ctx, query)
    const unconfirmed = await unconfirmedByPost(
      ctx,
      page.rows.map((r) => r.id),
    )
    return {
      query,
      page: { ...page, rows: page.rows.map((r) => ({ ...r, unconfirmed: r.publishedVersion ? (unconfirmed.get(r.id) ?? 0) : null })) },
      units: await listOrgUnits(ctx),
      canEdit: actor.role === 'enterprise_admin',
    }
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.manage)
  const upload = await readUpload(request, 'file', MAX_UPLOAD_BYTES)
  if (!upload.ok) return data({ message: upload.message }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => previewPostsImport(ctx, upload))
  if (!result.ok) return data({ message: result.message }, { status: 400 })
  return redirect(`/enterprise/posts/import/${result.batchId}`)
}

type Row = PostRow & { unconfirmed: number | null }

function stateBadge(r: Row) {
  const tone =
    r.openStatus === 'submitted' ? 'badge-amber' : r.publishedVersion ? 'badge-green' : r.openStatus === 'draft' ? 'badge' : 'badge-red'
  return <span className={`badge ${tone}`}>{r.stateLabel}</span>
}

const columns: Column<Row>[] = [
  { id: 'name', header: '岗位', sortKey: 'name', cell: (r) => <Link to={`/enterprise/posts/${r.id}`}>{r.name}</Link> },
  { id: 'unit', header: '部门', sortKey: 'unit', cell: (r) => r.unitName },
  { id: 'tier', header: '责任层级', sortKey: 'tier', cell: (r) => `第${r.tier}级 ${TIER_LABELS[r.tier]}` },
  {
    id: 'holders',
    header: '在岗人员',
    sortKey: 'holders',
    cell: (r) =>
      r.holders ? (
        <span title={r.holderNames}>
          {r.holders} 人：{r.holderNames.length > 18 ? `${r.holderNames.slice(0, 18)}…` : r.holderNames}
        </span>
      ) : (
        <span className="muted">无</span>
      ),
  },
  { id: 'status', header: '清单状态', sortKey: 'status', cell: stateBadge },
  {
    id: 'unconfirmed',
    header: '待签字确认',
    numeric: true,
    cell: (r) =>
      r.unconfirmed === null ? (
        <span className="muted">—</span>
      ) : r.unconfirmed ? (
        <Link to={`/enterprise/confirmations?q=${encodeURIComponent(r.name)}`}>{r.unconfirmed} 人</Link>
      ) : (
        <span className="badge badge-green">全部已确认</span>
      ),
  },
]

export default function PostsPage() {
  const { query, page, units, canEdit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <div>
          <h1>岗位与责任清单</h1>
          <p>一岗一清单：每个岗位有一份经部门负责人、分管负责人、主要负责人审批签字并公示的安全生产责任清单。</p>
        </div>
        <div className="actions">
          <Link to="/enterprise/duty-document" className="btn btn-secondary">
            全员安全生产责任制（打印）
          </Link>
          <a href="/enterprise/posts/export" className="btn btn-secondary" download>
            导出全部清单（.xlsx）
          </a>
          {canEdit ? (
            <Link to="/enterprise/posts/new" className="btn">
              新建岗位
            </Link>
          ) : null}
        </div>
      </div>
      {canEdit ? (
        <details className="card" open={!!actionData}>
          <summary>从 Excel 导入岗位和责任清单</summary>
          <Form method="post" encType="multipart/form-data" style={{ marginTop: '0.75rem' }}>
            <ImportUpload label="选择岗位清单文件" template="/enterprise/posts/template" busy={busy} />
          </Form>
          <FormError message={actionData?.message} />
        </details>
      ) : null}
      <FilterBar>
        <div className="field">
          <label htmlFor="q">岗位名称</label>
          <input id="q" name="q" defaultValue={query.q} />
        </div>
        <UnitFilter units={units} value={query.unit} />
        <div className="field">
          <label htmlFor="tier">责任层级</label>
          <select id="tier" name="tier" defaultValue={query.tier ?? ''}>
            <option value="">全部层级</option>
            {[1, 2, 3, 4, 5].map((t) => (
              <option key={t} value={t}>
                第{t}级 {TIER_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">清单状态</label>
          <select id="status" name="status" defaultValue={query.status ?? ''}>
            <option value="">全部</option>
            <option value="none">无清单</option>
            <option value="draft">草稿</option>
            <option value="submitted">审批中</option>
            <option value="published">已发布</option>
            <option value="unpublished">尚未发布</option>
          </select>
        </div>
        <FilterActions query={query} />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={page.rows}
        total={page.total}
        page={page.page}
        size={page.size}
        sort={query.sort}
        dir={query.dir}
        rowKey={(r) => r.id}
        empty="没有符合条件的岗位"
      />
    </>
  )
}
