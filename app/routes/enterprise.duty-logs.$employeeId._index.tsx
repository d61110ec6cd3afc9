import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DutyLogMonths } from '../components/DutyLogMonths'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { dutyLogOf } from '../modules/dutylogs/dutylogs.server'
import { monthLabel } from '../modules/dutylogs/rules'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? ''}的履职记录 · 安责通` }]

// One person's months (read-only): the person, the admin and their superiors; anyone else gets a 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.dutyLogs.open)
  const employeeId = uuidParam(params, 'employeeId')
  return withActor(actor, request, (ctx) => dutyLogOf(ctx, employeeId))
}

export default function PersonDutyLog() {
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{d.person.name}的履职记录</h1>
          <p>{d.person.posts.join('、')}</p>
        </div>
        <Link to="/enterprise/duty-logs" className="btn btn-secondary">
          返回
        </Link>
      </div>
      {d.missing.length ? <p className="form-error">未签字：{d.missing.map(monthLabel).join('、')}</p> : null}
      <DutyLogMonths months={d.months} hrefOf={(m) => `/enterprise/duty-logs/${d.person.employeeId}/${m}`} />
    </>
  )
}
