// npm run db:migrate — as the schema's owner: MIGRATION_DATABASE_URL, else DATABASE_URL, or the embedded
// database in ./.data when neither is set. On PostgreSQL it also (re)grants the app role `anzetong_app`
// exactly what db/privileges.ts says. Seeding is seeds/cli.ts (npm run db:seed).
import { ownerDatabaseUrl } from '../app/env.server'
import { NO_TIMEOUTS, openDatabase } from './client'
import { migrateAndGrant } from './privileges'

const command = process.argv[2]
if (command !== 'migrate') {
  console.error('用法：tsx db/cli.ts migrate')
  process.exit(2)
}
const url = ownerDatabaseUrl()
// migrations run as long as they need: no statement or idle-in-transaction limit
const handle = await openDatabase({ url, timeouts: NO_TIMEOUTS })
try {
  for (const line of await migrateAndGrant(handle)) console.log(line)
} catch (error) {
  // an operator's command: the reason, not a stack trace
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await handle.close()
}
