import type { LoaderFunctionArgs } from '@remix-run/node'
import { withActor } from '../db.server'
import { clientOf, recordAudit } from '../modules/audit/audit.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { hazardLedgerRows } from '../modules/hazards/hazards.server'
import { REGISTER_COLUMNS } from '../modules/hazards/register'
import { riskLedgerRows } from '../modules/hazards/risks.server'
import { todayInShanghai } from '../utils/dates'

// 隐患排查治理台账 and 风险分级管控清单, one workbook, through the one export writer (cells neutralised).
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazards.open)
  const { hazards, risks } = await withActor(actor, request, async (ctx) => {
    await recordAudit(ctx.db, {
      userId: actor.userId,
      enterpriseId: actor.enterpriseId,
      action: 'hazard.export',
      result: 'ok',
      ...clientOf(request),
    })
    return { hazards: await hazardLedgerRows(ctx), risks: await riskLedgerRows(ctx) }
  })
  const today = todayInShanghai()
  const stream = xlsxStream([
    {
      name: '隐患排查治理台账',
      title: `隐患排查治理台账（导出日期 ${today}）`,
      columns: [
        { header: '编号', key: 'no', width: 6 },
        { header: '发现日期', key: 'foundAt', width: 12 },
        { header: '发现人', key: 'foundBy', width: 12 },
        { header: '来源', key: 'source', width: 10 },
        { header: '隐患部位', key: 'place', width: 20 },
        { header: '隐患描述', key: 'description', width: 40 },
        { header: '等级', key: 'grade', width: 8 },
        { header: '整改责任人', key: 'responsible', width: 12 },
        { header: '整改措施', key: 'measures', width: 40 },
        { header: '整改期限', key: 'deadline', width: 12 },
        { header: '治理资金（元）', key: 'funds', width: 12 },
        { header: '状态', key: 'status', width: 12 },
        { header: '销号日期', key: 'closedAt', width: 12 },
        { header: '挂牌督办', key: 'supervision', width: 36 },
      ],
      rows: hazards,
    },
    {
      name: '风险分级管控清单',
      title: `风险分级管控清单（导出日期 ${today}）`,
      // the register's own columns (its export and import template): one layout everywhere
      columns: REGISTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width })),
      rows: risks,
    },
  ])
  return xlsxResponse(stream, `隐患排查治理台账-${today}.xlsx`)
}
