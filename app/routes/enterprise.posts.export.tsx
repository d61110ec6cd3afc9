import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '../db.server'
import { clientOf } from '../modules/audit/audit.server'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { DUTY_EXPORT_COLUMNS, dutyListExportRows } from '../modules/duties/import.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { todayInShanghai } from '../utils/dates'

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ['enterprise_admin', 'enterprise_head'])
  const db = await getDb()
  const stream = xlsxStream([
    {
      name: '岗位责任清单',
      title: `全员安全生产责任清单（导出日期 ${todayInShanghai()}）`,
      columns: DUTY_EXPORT_COLUMNS,
      rows: dutyListExportRows(db, actor, clientOf(request)),
    },
  ])
  return xlsxResponse(stream, `岗位安全生产责任清单-${todayInShanghai()}.xlsx`)
}
