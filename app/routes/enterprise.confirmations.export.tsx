import type { LoaderFunctionArgs } from '@remix-run/node'
import { requestContext } from '../db.server'
import { LEDGER_EXPORT_COLUMNS, ledgerExportRows } from '../modules/acknowledgements/acknowledgements.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { todayInShanghai } from '../utils/dates'

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.confirmations.open)
  const stream = xlsxStream([
    {
      name: '确认台账',
      title: `安全生产责任签字确认台账（导出日期 ${todayInShanghai()}）`,
      columns: LEDGER_EXPORT_COLUMNS,
      rows: ledgerExportRows(await requestContext(request, actor)),
    },
  ])
  return xlsxResponse(stream, `签字确认台账-${todayInShanghai()}.xlsx`)
}
