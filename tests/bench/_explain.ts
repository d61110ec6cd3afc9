import { sql } from 'kysely'
import { contextFor } from '../../app/db.server'
import { confirmationOverview } from '../../app/modules/acknowledgements/acknowledgements.server'
import { actorFromUser } from '../../app/modules/auth/actor'
import { openDatabase } from '../../db/client'
const h = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/azt_perf_ack', max: 1 })
const u = await h.db.selectFrom('users').selectAll().where('username', '=', 'hs_admin').executeTakeFirstOrThrow()
const actor = actorFromUser(u)
const q = JSON.parse(process.argv[2] ?? '{}')
const query = { q: '', page: 1, size: 20, sort: 'state' as const, dir: 'asc' as const, ...q }
if (process.argv[3] === 'explain') {
  await sql`load 'auto_explain'`.execute(h.db)
  await sql`set auto_explain.log_min_duration = 0`.execute(h.db)
  await sql`set auto_explain.log_analyze = on`.execute(h.db)
  await sql`set auto_explain.log_buffers = on`.execute(h.db)
  await sql`set auto_explain.log_nested_statements = on`.execute(h.db)
}
const times: number[] = []
for (let i = 0; i < Number(process.argv[4] ?? 1); i++) {
  const t0 = performance.now()
  await confirmationOverview(contextFor(h.db, actor), query)
  times.push(performance.now() - t0)
}
console.log(times.map((t) => t.toFixed(1)).join(' '))
await h.close()
