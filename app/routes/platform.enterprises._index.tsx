import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { DataTable, type Column, FilterBar } from '../components/DataTable'
import { withActor } from '../db.server'
import { requirePlatformAdmin } from '../modules/auth/auth.server'
import { listAllEnterprises, type PlatformEnterpriseRow } from '../modules/platform/platform.server'
import { formatDate } from '../utils/dates'
import { searchParamsObject, tableParamsSchema } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '企业管理 · 安责通' }]

const querySchema = tableParamsSchema(['name', 'createdAt'] as const, 'createdAt').extend({
  q: z.string().trim().max(60).catch(''),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformEnterprises')
  const query = querySchema.parse(searchParamsObject(new URL(request.url)))
  return withActor(actor, request, async (ctx) => ({ query, page: await listAllEnterprises(ctx, query) }))
}

const columns: Column<PlatformEnterpriseRow>[] = [
  { id: 'name', header: '企业名称', sortKey: 'name', cell: (r) => r.name },
  { id: 'creditCode', header: '统一社会信用代码', cell: (r) => r.creditCode },
  { id: 'industry', header: '行业', cell: (r) => r.industryName },
  { id: 'region', header: '所在地区', cell: (r) => r.regionName },
  { id: 'admins', header: '管理员账号', numeric: true, cell: (r) => r.admins },
  { id: 'createdAt', header: '创建日期', sortKey: 'createdAt', cell: (r) => formatDate(r.createdAt) },
]

export default function PlatformEnterprises() {
  const { query, page } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>企业管理</h1>
          <p>创建企业并为其开通安全管理员账号。</p>
        </div>
        <Link to="/platform/enterprises/new" className="btn">
          新建企业
        </Link>
      </div>
      {params.get('created') ? (
        <p className="notice" role="status">
          企业已创建，管理员可用设置的用户名或手机号登录。
        </p>
      ) : null}
      <FilterBar>
        <div className="field">
          <label htmlFor="q">企业名称或信用代码</label>
          <input id="q" name="q" defaultValue={query.q} />
        </div>
        <button type="submit" className="btn">
          查询
        </button>
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
      />
    </>
  )
}
