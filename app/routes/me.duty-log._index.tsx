import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DutyLogMonths } from '../components/DutyLogMonths'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { myDutyLog } from '../modules/dutylogs/dutylogs.server'
import { monthLabel } from '../modules/dutylogs/rules'

export const meta: MetaFunction = () => [{ title: '我的履职记录 · 安责通' }]

// My 履职记录, month by month: which are signed, which are due and missing (shown first).
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  return withActor(actor, request, (ctx) => myDutyLog(ctx))
}

export default function MyDutyLog() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className="me">
      <div className="page-head">
        <div>
          <h1>我的履职记录</h1>
          <p>{d.person.posts.join('、')}</p>
        </div>
        <Link to="/me" className="btn btn-secondary">
          返回我的履责
        </Link>
      </div>
      {!d.person.keeps ? (
        <p className="card">您目前不在第1至4级负责人或安全管理岗位上，无需填写履职记录。</p>
      ) : (
        <>
          {d.missing.length ? (
            <section className="card attention" role="alert">
              <h2>未签字的月份（{d.missing.length}）</h2>
              <p>{d.missing.map(monthLabel).join('、')}：请补全并签字。</p>
            </section>
          ) : null}
          <DutyLogMonths months={d.months} hrefOf={(m) => `/me/duty-log/${m}`} />
        </>
      )}
    </div>
  )
}
