import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { checkRecord } from '../modules/checks/checks.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

// A submitted check, read-only: it is evidence (append-only in the database), signed by the checker.
export const meta: MetaFunction = () => [{ title: '排查记录 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.open)
  const checkId = uuidParam(params, 'checkId')
  return withActor(actor, request, (ctx) => checkRecord(ctx, checkId))
}

export default function CheckRecordPage() {
  const r = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>排查记录</h1>
          <p>
            {r.planName}（{r.kindName} · {r.frequencyName}）· {r.period}
          </p>
        </div>
        <Link to={`/enterprise/checks/plans/${r.planId}`} className="btn btn-secondary">
          返回计划
        </Link>
      </div>
      <section className="card">
        <dl className="facts">
          <dt>排查人</dt>
          <dd>
            {r.checker}（{r.postName}）
          </dd>
          <dt>提交时间</dt>
          <dd>{formatDateTime(r.submittedAt)}</dd>
          <dt>结果</dt>
          <dd>{r.hazardsFound ? `发现隐患 ${r.hazardsFound} 项，已进入隐患台账` : `${r.results.length} 项全部正常`}</dd>
        </dl>
      </section>
      <section className="card">
        <h2>逐项结果</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>#</th>
                <th>风险点 / 危险源</th>
                <th>排查内容</th>
                <th>结果</th>
                <th>说明</th>
              </tr>
            </thead>
            <tbody>
              {r.results.map((i) => (
                <tr key={i.seq}>
                  <td>{i.seq}</td>
                  <td>
                    {i.pointName} · {i.hazardSource}
                  </td>
                  <td>{i.content}</td>
                  <td>
                    {i.result === 'hazard' ? (
                      <span className="badge badge-red">隐患</span>
                    ) : (
                      <span className="badge badge-green">正常</span>
                    )}
                  </td>
                  <td>
                    {i.note}
                    {i.hazardId ? (
                      <div>
                        <Link to={`/enterprise/hazards/${i.hazardId}`}>隐患第{i.hazardNo}号</Link>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>排查人签名</h2>
        {r.signatureKind === 'drawn' ? (
          <img src={r.signature} alt={`${r.checker}的手写签名`} className="signature-image" style={{ maxWidth: 320, maxHeight: 120 }} />
        ) : (
          <p>
            <b>{r.signature}</b>（输入姓名签名）
          </p>
        )}
        <p className="muted">本记录提交后存档，不可修改或删除。</p>
      </section>
    </>
  )
}
