import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { hazardLedgerRows } from '../modules/hazards/hazards.server'
import { todayInShanghai } from '../utils/dates'

export const meta: MetaFunction = () => [{ title: '隐患排查治理台账（打印） · 安责通' }]

// 隐患排查治理台账 on A4 (landscape: fourteen columns do not fit a portrait page), the same rows as the
// .xlsx export (hazards.server hazardLedgerRows), every hazard in number order.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazards.open)
  return withActor(actor, request, async (ctx) => {
    const enterprise = await ctx.db.selectFrom('enterprises').select('name').where('id', '=', actor.enterpriseId).executeTakeFirstOrThrow()
    return { enterpriseName: enterprise.name, rows: await hazardLedgerRows(ctx), today: todayInShanghai(ctx.now) }
  })
}

export default function HazardLedgerPrint() {
  const { enterpriseName, rows, today } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <a href="/enterprise/hazards/export" className="btn btn-secondary" download>
          下载台账（.xlsx）
        </a>
        <Link to="/enterprise/hazards" className="btn btn-secondary">
          返回隐患台账
        </Link>
      </div>
      <article className="a4 a4-landscape">
        <header className="a4-head">
          <div>
            <p className="a4-org">{enterpriseName}</p>
            <h1>隐患排查治理台账</h1>
            <p>
              共 {rows.length} 项 · 打印日期 {today}
            </p>
          </div>
        </header>
        <table className="signatures ledger-table">
          <thead>
            <tr>
              <th scope="col">编号</th>
              <th scope="col">发现日期</th>
              <th scope="col">发现人</th>
              <th scope="col">来源</th>
              <th scope="col">隐患部位及描述</th>
              <th scope="col">等级</th>
              <th scope="col">整改责任人</th>
              <th scope="col">整改措施</th>
              <th scope="col">整改期限</th>
              <th scope="col">资金（元）</th>
              <th scope="col">状态</th>
              <th scope="col">销号日期</th>
              <th scope="col">挂牌督办</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r.no)}>
                <td>{r.no}</td>
                <td className="day">{r.foundAt}</td>
                <td>{r.foundBy}</td>
                <td>{r.source}</td>
                <td>
                  <b>{r.place}</b>：{r.description}
                </td>
                <td className="nowrap">{r.grade}</td>
                <td className="nowrap">{r.responsible ?? '—'}</td>
                <td>{r.measures ?? '—'}</td>
                <td className="day">{r.deadline ?? '—'}</td>
                <td className="num">{r.funds === null ? '—' : Number(r.funds).toFixed(2)}</td>
                <td className={r.status === '逾期未整改' ? 'nowrap bad' : 'nowrap'}>{r.status}</td>
                <td className="day">{r.closedAt ?? '—'}</td>
                <td>{r.supervision ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length ? null : <p>尚无隐患记录。</p>}
        <p className="sign-block" style={{ marginTop: '1rem' }}>
          安全管理人员：＿＿＿＿＿＿{'\u3000\u3000'}主要负责人：＿＿＿＿＿＿{'\u3000\u3000'}日期：＿＿＿＿＿＿
        </p>
      </article>
    </>
  )
}
