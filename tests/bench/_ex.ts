import { sql } from 'kysely'
import { openDatabase } from '../../db/client'
const h = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/azt_ov', max: 1 })
const q = process.argv[2]!
for (let i = 0; i < 3; i++) {
  const t0 = performance.now()
  const r = await sql.raw(q).execute(h.db)
  console.log((performance.now() - t0).toFixed(1), 'ms', r.rows.length)
}
const ex = await sql.raw('explain (analyze, timing off, buffers) ' + q).execute(h.db)
console.log((ex.rows as any[]).map((r) => r['QUERY PLAN']).filter((l: string) => /rows=|Execution/.test(l)).slice(0, 40).join('\n'))
await h.close()
