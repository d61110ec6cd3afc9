import type { LoaderFunctionArgs } from '@remix-run/node'
import { withActor } from '../db.server'
import { clientOf, recordAudit } from '../modules/audit/audit.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { DUE_STATE_LABELS, statsLines } from '../modules/hazard-stats/rules'
import { getHazardStats } from '../modules/hazard-stats/stats.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

// The 隐患排查治理统计分析表 as .xlsx, through the one export writer (every cell neutralised).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazardStats.open)
  const id = uuidParam(params, 'id')
  const t = await withActor(actor, request, async (ctx) => {
    const table = await getHazardStats(ctx, id)
    await recordAudit(ctx.db, {
      userId: actor.userId,
      enterpriseId: actor.enterpriseId,
      action: 'hazard_stats.export',
      target: id,
      result: 'ok',
      ...clientOf(request),
    })
    return table
  })
  const signature = t.signedAt
    ? `主要负责人 ${t.signedBy}（${t.signedPost}）${formatDateTime(t.signedAt)} 签字，${DUE_STATE_LABELS[t.state]}`
    : '待主要负责人签字'
  const stream = xlsxStream([
    {
      name: '统计分析表',
      title: `${t.enterprise.name} ${t.period.label}隐患排查治理统计分析表（${t.period.start} 至 ${t.period.end}，报送期限 ${t.period.dueOn}；${signature}）`,
      columns: [
        { header: '类别', key: 'section', width: 22 },
        { header: '项目', key: 'label', width: 36 },
        { header: '一般隐患', key: 'general', width: 12 },
        { header: '重大隐患', key: 'major', width: 12 },
        { header: '合计', key: 'total', width: 14 },
      ],
      rows: statsLines(t.snapshot),
    },
  ])
  return xlsxResponse(stream, `隐患排查治理统计分析表-${t.period.key}.xlsx`)
}
