import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { DataTable, type Column, FilterBar } from '../components/DataTable'
import { withActor } from '../db.server'
import { requirePlatformAdmin } from '../modules/auth/auth.server'
import { listAllEnterprises, type PlatformEnterpriseRow } from '../modules/platform/platform.server'
import { publicAddress } from '../modules/print/qr.server'
import { formatDate } from '../utils/dates'
import { searchParamsObject, tableParamsSchema } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '企业管理 · 安责通' }]

const querySchema = tableParamsSchema(['name', 'createdAt'] as const, 'createdAt').extend({
  q: z.string().trim().max(60).catch(''),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformEnterprises')
  const query = querySchema.parse(searchParamsObject(new URL(request.url)))
  return withActor(actor, request, async (ctx) => ({ query, page: await listAllEnterprises(ctx, query), address: publicAddress() }))
}

const columns: Column<PlatformEnterpriseRow>[] = [
  { id: 'name', header: '企业名称', sortKey: 'name', cell: (r) => <Link to={`/platform/enterprises/${r.id}`}>{r.name}</Link> },
  { id: 'creditCode', header: '统一社会信用代码', cell: (r) => r.creditCode },
  { id: 'industry', header: '行业', cell: (r) => r.industryName },
  { id: 'region', header: '所在地区', cell: (r) => r.regionName },
  { id: 'admins', header: '管理员账号', numeric: true, cell: (r) => r.admins },
  { id: 'createdAt', header: '创建日期', sortKey: 'createdAt', cell: (r) => formatDate(r.createdAt) },
]

export default function PlatformEnterprises() {
  const { query, page, address } = useLoaderData<typeof loader>()
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
      <section className="card" aria-labelledby="public-address">
        <h2 id="public-address">二维码与打印链接的地址</h2>
        <p>
          <code>{address.url}</code>{' '}
          <span className="muted">
            {address.source === 'PUBLIC_URL' ? '（服务器设置 PUBLIC_URL）' : '（未设置 PUBLIC_URL，按服务器的监听地址）'}
          </span>
        </p>
        {address.problem ? <p className="field-error">{address.problem}，已改用服务器的监听地址。</p> : null}
        <p className="hint">
          公示页、邀请单和重置密码的二维码都指向这个地址，职工的手机必须能打开它。如需更改，请在服务器的环境变量中设置 PUBLIC_URL（例如
          https://azt.example.cn）并重启服务。
        </p>
      </section>
      {params.get('created') ? (
        <p className="notice" role="status">
          企业已创建，管理员可用设置的用户名或手机号登录。
        </p>
      ) : null}
      {params.get('updated') ? (
        <p className="notice" role="status">
          企业信息已保存。
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
