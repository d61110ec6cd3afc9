import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ChoiceFilter, DataTable, FilterActions, FilterBar, type Column } from '../components/DataTable'
import { RiskLevelBadge } from '../components/Hazards'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { checkListTable } from '../modules/checks/checks.server'
import type { CheckListItem } from '../modules/hazards/risks.server'
import { checkItemListSchema } from '../modules/hazards/schema'
import { CONTROL_MEASURE_KINDS, RISK_LEVELS } from '../../seeds/dual-prevention'
import { searchParamsObject } from '../utils/table-params'

// 排查清单: derived from the register — each risk's 管控措施 is a check item. Nothing is typed here:
// change the register and the list follows. Filtered, sorted and paged in SQL.
export const meta: MetaFunction = () => [{ title: '排查清单 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.open)
  const query = checkItemListSchema.parse(searchParamsObject(new URL(request.url)))
  return { query, ...(await withActor(actor, request, (ctx) => checkListTable(ctx, query))) }
}

const LEVELS = Object.fromEntries(RISK_LEVELS.map((l) => [l.level, `${l.name}（${l.colour}）`]))
const KINDS = Object.fromEntries(CONTROL_MEASURE_KINDS.map((k) => [k.code, k.name]))

const columns: Column<CheckListItem>[] = [
  {
    id: 'point',
    header: '风险点',
    sortKey: 'point',
    cell: (i) => (
      <>
        {i.pointName}
        <div className="muted">{i.unitName}</div>
      </>
    ),
  },
  { id: 'source', header: '危险源', cell: (i) => i.hazardSource },
  { id: 'level', header: '风险等级', sortKey: 'level', cell: (i) => <RiskLevelBadge level={i} /> },
  { id: 'kind', header: '措施类别', cell: (i) => i.measureKindName },
  { id: 'content', header: '排查内容（管控措施）', cell: (i) => i.content },
  { id: 'post', header: '责任岗位', sortKey: 'post', cell: (i) => i.postName },
]

export default function CheckListPage() {
  const { query, page, posts } = useLoaderData<typeof loader>()
  const filtered = !!(query.q || query.level || query.kind || query.post)
  return (
    <>
      <div className="page-head">
        <div>
          <h1>隐患排查清单</h1>
          <p>
            由风险分级管控清单生成：每个风险点的每一类管控措施是一项排查内容，{filtered ? '符合条件的' : '共'} {page.total} 项。
          </p>
        </div>
        <div className="actions">
          <Link to="/enterprise/risks" className="btn btn-secondary">
            风险分级管控清单
          </Link>
          <Link to="/enterprise/checks" className="btn btn-secondary">
            返回
          </Link>
        </div>
      </div>
      {page.total === 0 && !filtered ? (
        <section className="card">
          <p>风险分级管控清单中还没有管控措施。</p>
        </section>
      ) : (
        <>
          <FilterBar>
            <div className="field">
              <label htmlFor="q">危险源、风险点或排查内容</label>
              <input id="q" name="q" defaultValue={query.q} />
            </div>
            <ChoiceFilter name="level" label="风险等级" value={query.level} choices={LEVELS} />
            <ChoiceFilter name="kind" label="措施类别" value={query.kind} choices={KINDS} />
            <ChoiceFilter name="post" label="责任岗位" value={query.post} choices={Object.fromEntries(posts.map((p) => [p.id, p.name]))} />
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
            rowKey={(i) => `${i.riskId}:${i.measureKind}`}
            empty="没有符合条件的排查内容"
            caption="隐患排查清单"
          />
        </>
      )}
    </>
  )
}
