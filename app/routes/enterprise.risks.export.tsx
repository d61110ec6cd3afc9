import type { LoaderFunctionArgs } from '@remix-run/node'
import { withActor } from '../db.server'
import { clientOf, recordAudit } from '../modules/audit/audit.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { REGISTER_COLUMNS } from '../modules/hazards/register'
import { riskLedgerRows } from '../modules/hazards/risks.server'
import { todayInShanghai } from '../utils/dates'

// 风险分级管控清单 as .xlsx through the one export writer (cells neutralised), in the import template's
// columns: exported, edited, imported again.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.risks.open)
  const rows = await withActor(actor, request, async (ctx) => {
    await recordAudit(ctx.db, {
      userId: actor.userId,
      enterpriseId: actor.enterpriseId,
      action: 'risk.export',
      result: 'ok',
      ...clientOf(request),
    })
    return riskLedgerRows(ctx)
  })
  const today = todayInShanghai()
  const stream = xlsxStream([
    {
      name: '风险分级管控清单',
      title: `风险分级管控清单（导出日期 ${today}）`,
      columns: REGISTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width })),
      rows,
    },
  ])
  return xlsxResponse(stream, `风险分级管控清单-${today}.xlsx`)
}
