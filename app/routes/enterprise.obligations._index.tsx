import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { obligationTracker } from '../modules/obligations/obligations.server'
import { OBLIGATION_STATUS_CLASS } from '../modules/obligations/schema'

export const meta: MetaFunction = () => [{ title: '主体责任二十条 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.open)
  return { items: await withActor(actor, request, (ctx) => obligationTracker(ctx)) }
}

export default function Obligations() {
  const { items } = useLoaderData<typeof loader>()
  const count = (s: string) => items.filter((i) => i.shown === s).length
  return (
    <>
      <div className="page-head">
        <div>
          <h1>企业安全生产主体责任二十条</h1>
          <p>
            第1、2、6、12条由本平台的责任清单、签字确认、目标责任书、安委会、培训持证和演练记录自动判定；其余各条由企业声明并上传佐证资料。
          </p>
        </div>
        <div className="actions">
          <Link to="/enterprise/committee" className="btn btn-secondary">
            安委会与目标责任书
          </Link>
          <Link to="/enterprise/self-checks" className="btn">
            自查
          </Link>
        </div>
      </div>
      <div className="stats">
        {['已落实', '部分落实', '未落实', '不适用'].map((s) => (
          <div key={s} className="stat">
            <b>{count(s)}</b>
            <span>{s}</span>
          </div>
        ))}
        <div className="stat">
          <b>{items.filter((i) => !i.shown).length}</b>
          <span>尚未评估</span>
        </div>
      </div>
      <div className="obligation-grid" style={{ marginTop: '1rem' }}>
        {items.map((i) => (
          <Link
            key={i.no}
            to={`/enterprise/obligations/${i.no}`}
            className={`obligation-cell ${i.shown ? OBLIGATION_STATUS_CLASS[i.shown] : 'badge-grey'}`}
            title={i.title}
          >
            <b>{i.no}</b>
            <span>{i.shown ?? '未评估'}</span>
          </Link>
        ))}
      </div>
      <section className="card" style={{ marginTop: '1rem' }}>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th className="num">条</th>
                <th>内容</th>
                <th>落实情况</th>
                <th>依据</th>
                <th>责任人</th>
                <th className="num">佐证</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.no}>
                  <td className="num">{i.no}</td>
                  <td>
                    <Link to={`/enterprise/obligations/${i.no}`}>{i.title}</Link>
                    {i.warning ? <div className="field-error">{i.warning}</div> : null}
                  </td>
                  <td>
                    {i.shown ? (
                      <span className={`badge ${OBLIGATION_STATUS_CLASS[i.shown]}`}>{i.shown}</span>
                    ) : (
                      <span className="muted">未评估</span>
                    )}
                  </td>
                  <td className="muted">{i.derived ? `平台记录：${i.derived.explanation}` : i.declared ? '企业声明' : ''}</td>
                  <td>{i.responsible ?? ''}</td>
                  <td className="num">{i.evidenceCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
