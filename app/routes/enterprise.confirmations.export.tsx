import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '../db.server'
import { LEDGER_EXPORT_COLUMNS, ledgerExportRows } from '../modules/acknowledgements/acknowledgements.server'
import { clientOf } from '../modules/audit/audit.server'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { todayInShanghai } from '../utils/dates'

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ['enterprise_admin', 'enterprise_head'])
  const db = await getDb()
  const stream = xlsxStream([
    {
      name: '确认台账',
      title: `安全生产责任签字确认台账（导出日期 ${todayInShanghai()}）`,
      columns: LEDGER_EXPORT_COLUMNS,
      rows: ledgerExportRows(db, actor, clientOf(request)),
    },
  ])
  return xlsxResponse(stream, `签字确认台账-${todayInShanghai()}.xlsx`)
}
