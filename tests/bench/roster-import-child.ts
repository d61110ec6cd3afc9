// One roster import in a process of its own, so that its peak resident memory (maxRSS) is the
// import's and nothing else's: `npm run bench` starts it, reads the one JSON line it prints.
//   tsx tests/bench/roster-import-child.ts <database url> <file.xlsx> import
//   tsx tests/bench/roster-import-child.ts <database url> <file.xlsx> warm
//   tsx tests/bench/roster-import-child.ts <database url> <file.xlsx> floor <rows>
// "floor" loads the same modules, reads the same file and writes the same number of employees and
// assignments with one `insert … select generate_series` each (rolled back): what the database
// itself needs to write the rows, and the memory of a process that holds the file and the app.
// "warm" previews the same file once first (left uncommitted, as an officer who uploads again does)
// and then times the import: a server that has read a sheet before, its code compiled by V8, where
// "import" is the first upload after the process started.
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { contextFor } from '../../app/db.server'
import { actorFromUser } from '../../app/modules/auth/actor'
import { commitRosterImport, previewRosterImport } from '../../app/modules/org/roster.server'
import { openDatabase } from '../../db/client'

const [url, file, mode, rowsArg] = process.argv.slice(2)
if (!url || !file || (mode !== 'import' && mode !== 'warm' && mode !== 'floor'))
  throw new Error('usage: roster-import-child.ts <url> <file> import|warm|floor [rows]')

class Rollback extends Error {}

const handle = await openDatabase({ url, max: 2 })
const db = handle.db
const maxRssMb = () => process.resourceUsage().maxRSS / 1024
try {
  const user = await db.selectFrom('users').selectAll().where('username', '=', 'hs_admin').executeTakeFirstOrThrow()
  const actor = actorFromUser(user)
  const client = { ip: null, userAgent: 'bench' }
  const bytes = readFileSync(file)
  if (mode === 'floor') {
    const rows = Number(rowsArg)
    const t0 = performance.now()
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into employees (enterprise_id, name, employee_no, phone, employment_type, hired_on)
          select ${user.enterprise_id}, '职工' || g, 'F' || lpad(g::text, 7, '0'), (16000000000 + g)::text, '正式', date '2024-03-05'
          from generate_series(1, ${rows}) g`.execute(trx)
        await sql`insert into assignments (enterprise_id, employee_id, post_id, start_on)
          select e.enterprise_id, e.id, (select id from posts where enterprise_id = ${user.enterprise_id} order by id limit 1), e.hired_on
          from employees e where e.enterprise_id = ${user.enterprise_id} and e.employee_no like 'F%'`.execute(trx)
        throw new Rollback()
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e
      })
    const seconds = (performance.now() - t0) / 1000
    console.log(JSON.stringify({ seconds, maxRssMb: maxRssMb(), bytes: bytes.length }))
  } else {
    if (mode === 'warm') {
      const first = await db.transaction().execute((trx) => previewRosterImport(contextFor(trx, actor), { name: 'bench.xlsx', bytes }))
      if (!first.ok) throw new Error(first.message)
    }
    const t0 = performance.now()
    const preview = await db.transaction().execute((trx) => previewRosterImport(contextFor(trx, actor), { name: 'bench.xlsx', bytes }))
    if (!preview.ok) throw new Error(preview.message)
    const t1 = performance.now()
    const committed = await db.transaction().execute((trx) => commitRosterImport(contextFor(trx, actor, client), preview.batchId))
    if (!committed.ok) throw new Error(committed.message)
    const t2 = performance.now()
    console.log(
      JSON.stringify({
        seconds: (t2 - t0) / 1000,
        previewSeconds: (t1 - t0) / 1000,
        commitSeconds: (t2 - t1) / 1000,
        employees: committed.employees,
        maxRssMb: maxRssMb(),
      }),
    )
  }
} finally {
  await handle.close()
}
