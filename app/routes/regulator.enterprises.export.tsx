import type { LoaderFunctionArgs } from '@remix-run/node'
import { requestContext } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { DASHBOARD_EXPORT_COLUMNS, dashboardExportRows } from '../modules/regulators/regulators.server'
import { enterpriseListSchema } from '../modules/regulators/schema'
import { todayInShanghai } from '../utils/dates'
import { searchParamsObject } from '../utils/table-params'

// The filtered list as the page shows it, every page of it. Streamed outside one long transaction:
// each page of rows is its own short query, through the same scope rule as the page.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const query = enterpriseListSchema.parse(searchParamsObject(new URL(request.url)))
  const today = todayInShanghai()
  const stream = xlsxStream([
    {
      name: '监管企业',
      title: `监管企业清单（导出日期 ${today}）`,
      columns: DASHBOARD_EXPORT_COLUMNS,
      rows: dashboardExportRows(await requestContext(request, actor), query),
    },
  ])
  return xlsxResponse(stream, `监管企业-${today}.xlsx`)
}
