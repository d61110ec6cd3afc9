// npm run verify:ledger — walks every enterprise's confirmation chain hash by hash and against every
// head anchored in a signed status report, names the first row that disagrees, exits 1 if any does.
import { verifyLedger } from '../modules/acknowledgements/acknowledgements.server'
import { openDatabase } from '../../db/client'
import { env } from '../env.server'

const handle = await openDatabase({ url: env().DATABASE_URL })
try {
  const result = await verifyLedger(handle.db, process.argv[2])
  if (result.broken.length) {
    for (const b of result.broken) console.log(`断链：企业 ${b.enterpriseId} 第 ${b.seq} 条${b.id ? `（${b.id}）` : ''}：${b.reason}`)
    process.exitCode = 1
  } else {
    console.log(`确认台账完整：${result.chains} 条链，${result.checked} 条记录，哈希全部吻合；${result.anchors} 个状况报告锚点全部吻合`)
  }
} finally {
  await handle.close()
}
