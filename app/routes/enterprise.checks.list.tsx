import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { groupByPoint } from '../components/Checks'
import { RiskLevelBadge } from '../components/Hazards'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { checkList } from '../modules/checks/checks.server'

// 排查清单: derived from the register — each risk's 管控措施 is a check item. Nothing is typed here:
// change the register and the list follows.
export const meta: MetaFunction = () => [{ title: '排查清单 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.open)
  return { list: await withActor(actor, request, (ctx) => checkList(ctx)) }
}

export default function CheckListPage() {
  const { list } = useLoaderData<typeof loader>()
  const groups = groupByPoint(list)
  return (
    <>
      <div className="page-head">
        <div>
          <h1>隐患排查清单</h1>
          <p>由风险分级管控清单生成：每个风险点的每一类管控措施是一项排查内容，共 {list.length} 项。</p>
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
      {groups.length === 0 ? (
        <section className="card">
          <p>风险分级管控清单中还没有管控措施。</p>
        </section>
      ) : (
        groups.map((g) => (
          <section key={g.key} className="card">
            <h2>
              {g.unitName} · {g.pointName}
            </h2>
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th>危险源</th>
                    <th>风险等级</th>
                    <th>措施类别</th>
                    <th>排查内容（管控措施）</th>
                    <th>责任岗位</th>
                  </tr>
                </thead>
                <tbody>
                  {g.items.map((i) => (
                    <tr key={`${i.riskId}:${i.measureKind}`}>
                      <td>{i.hazardSource}</td>
                      <td>
                        <RiskLevelBadge level={i} />
                      </td>
                      <td>{i.measureKindName}</td>
                      <td>{i.content}</td>
                      <td>{i.postName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
    </>
  )
}
