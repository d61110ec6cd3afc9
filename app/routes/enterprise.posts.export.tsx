import type { LoaderFunctionArgs } from '@remix-run/node'
import { requestContext } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { DUTY_EXPORT_COLUMNS, dutyListExportRows } from '../modules/duties/import.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { todayInShanghai } from '../utils/dates'

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.open)
  const stream = xlsxStream([
    {
      name: '岗位责任清单',
      title: `全员安全生产责任清单（导出日期 ${todayInShanghai()}）`,
      columns: DUTY_EXPORT_COLUMNS,
      rows: dutyListExportRows(await requestContext(request, actor)),
    },
  ])
  return xlsxResponse(stream, `岗位安全生产责任清单-${todayInShanghai()}.xlsx`)
}
