import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DutyLogSheet } from '../components/DutyLogSheet'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { dutyLogMonth } from '../modules/dutylogs/dutylogs.server'
import { isMonth, monthLabel } from '../modules/dutylogs/rules'
import { notFound, uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.person.name} ${monthLabel(data.month)}履职记录 · 安责通` : '履职记录 · 安责通' },
]

// One month's sheet, read-only and printable on A4 (the person edits and signs it under 我的履责).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.dutyLogs.open)
  const employeeId = uuidParam(params, 'employeeId')
  const month = params.month ?? ''
  if (!isMonth(month)) throw notFound()
  return withActor(actor, request, (ctx) => dutyLogMonth(ctx, employeeId, month))
}

export default function PersonDutyLogMonth() {
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to={`/enterprise/duty-logs/${d.person.employeeId}`} className="btn btn-secondary">
          返回
        </Link>
      </div>
      <DutyLogSheet person={d.person} month={d.month} entries={d.entries} corrections={d.corrections} signed={d.signed} />
    </>
  )
}
