import type { LoaderFunctionArgs } from '@remix-run/node'
import { withActor } from '../db.server'
import { clientOf, recordAudit } from '../modules/audit/audit.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { drillLedgerRows } from '../modules/drills/drills.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { todayInShanghai } from '../utils/dates'

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.drills.open)
  const rows = await withActor(actor, request, async (ctx) => {
    await recordAudit(ctx.db, {
      userId: actor.userId,
      enterpriseId: actor.enterpriseId,
      action: 'drill.export',
      result: 'ok',
      ...clientOf(request),
    })
    return drillLedgerRows(ctx)
  })
  const stream = xlsxStream([
    {
      name: '演练台账',
      title: `应急演练台账（导出日期 ${todayInShanghai()}）`,
      columns: [
        { header: '演练日期', key: 'heldOn', width: 12 },
        { header: '预案', key: 'plan', width: 30 },
        { header: '预案类别', key: 'kind', width: 12 },
        { header: '形式', key: 'form', width: 8 },
        { header: '参演人数', key: 'participants', width: 10 },
        { header: '演练概况', key: 'summary', width: 50 },
        { header: '佐证资料', key: 'evidence', width: 30 },
      ],
      rows,
    },
  ])
  return xlsxResponse(stream, `应急演练台账-${todayInShanghai()}.xlsx`)
}
