import type { LoaderFunctionArgs } from '@remix-run/node'
import { requestContext } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { ROSTER_EXPORT_COLUMNS, rosterExportRows } from '../modules/org/roster.server'
import { todayInShanghai } from '../utils/dates'

// Streams outside withActor's transaction: a 10,000-row export must not hold the embedded engine's
// only connection for its whole length; each page of rows is its own short query.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const stream = xlsxStream([
    {
      name: '花名册',
      title: `人员花名册（导出日期 ${todayInShanghai()}）`,
      columns: ROSTER_EXPORT_COLUMNS,
      rows: rosterExportRows(await requestContext(request, actor)),
    },
  ])
  return xlsxResponse(stream, `人员花名册-${todayInShanghai()}.xlsx`)
}
