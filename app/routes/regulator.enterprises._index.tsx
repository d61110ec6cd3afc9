import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { DataTable, FilterActions, type Column } from '../components/DataTable'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { listIndustries, listRegionsUnder } from '../modules/reference/reference.server'
import { SCOPE_LABELS } from '../modules/reference/rules'
import { listEnterprisesInScope, regulatorScope, type EnterpriseRow } from '../modules/regulators/regulators.server'
import { enterpriseListSchema } from '../modules/regulators/schema'
import { formatDate } from '../utils/dates'
import { searchParamsObject } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '监管企业 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request)
  const query = enterpriseListSchema.parse(searchParamsObject(new URL(request.url)))
  return withActor(actor, async (trx) => {
    const scope = await regulatorScope(trx, actor)
    return {
      query,
      scope: { departmentName: scope.departmentName, regionName: scope.regionName, types: scope.types.map((t) => SCOPE_LABELS[t]) },
      page: await listEnterprisesInScope(trx, actor, query),
      industries: await listIndustries(trx),
      regions: (await listRegionsUnder(trx, scope.regionCode)).filter((r) => r.code !== scope.regionCode),
    }
  })
}

const columns: Column<EnterpriseRow>[] = [
  { id: 'name', header: '企业名称', sortKey: 'name', cell: (r) => <Link to={`/regulator/enterprises/${r.id}`}>{r.name}</Link> },
  { id: 'creditCode', header: '统一社会信用代码', sortKey: 'creditCode', cell: (r) => r.creditCode },
  { id: 'industry', header: '行业', sortKey: 'industry', cell: (r) => r.industryName },
  { id: 'region', header: '所在地区', sortKey: 'region', cell: (r) => r.regionName },
  { id: 'principal', header: '主要负责人', cell: (r) => r.principalName },
  { id: 'phone', header: '联系电话', cell: (r) => r.phone },
  { id: 'workers', header: '从业人员', sortKey: 'workers', numeric: true, cell: (r) => r.workers },
  { id: 'createdAt', header: '入驻日期', sortKey: 'createdAt', cell: (r) => formatDate(r.createdAt) },
]

export default function RegulatorEnterprises() {
  const { query, scope, page, industries, regions } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>监管企业</h1>
          <p>
            {scope.departmentName} · {scope.types.join('、')}范围：{scope.regionName}
          </p>
        </div>
      </div>
      <Form method="get" className="toolbar" role="search">
        <div className="field">
          <label htmlFor="q">企业名称或信用代码</label>
          <input id="q" name="q" defaultValue={query.q} placeholder="输入关键字" />
        </div>
        <div className="field">
          <label htmlFor="industry">行业</label>
          <select id="industry" name="industry" defaultValue={query.industry}>
            <option value="">全部行业</option>
            {industries.map((i) => (
              <option key={i.code} value={i.code}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
        {regions.length ? (
          <div className="field">
            <label htmlFor="region">地区</label>
            <select id="region" name="region" defaultValue={query.region}>
              <option value="">全部地区</option>
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.level === 4 ? `　${r.name}` : r.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <FilterActions query={query} />
      </Form>
      <DataTable
        columns={columns}
        rows={page.rows}
        total={page.total}
        page={page.page}
        size={page.size}
        sort={query.sort}
        dir={query.dir}
        rowKey={(r) => r.id}
        empty="监管范围内没有符合条件的企业"
        caption="监管范围内的企业"
      />
    </>
  )
}
