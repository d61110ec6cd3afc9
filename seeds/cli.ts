// npm run db:seed — migrates (db/privileges.ts migrateAndGrant, as db:migrate does), then loads the
// reference data and, unless SEED_DEMO=0, the demo data set; idempotent. As the schema's owner:
// MIGRATION_DATABASE_URL, else DATABASE_URL, or the embedded database in ./.data.
import { env, ownerDatabaseUrl } from '../app/env.server'
import { NO_TIMEOUTS, openDatabase } from '../db/client'
import { migrateAndGrant } from '../db/privileges'
import { countRows, seedDatabase } from './seed'

const url = ownerDatabaseUrl()
// seeding runs as long as it needs: no statement or idle-in-transaction limit
const handle = await openDatabase({ url, timeouts: NO_TIMEOUTS })
try {
  for (const line of await migrateAndGrant(handle)) console.log(line)
  await seedDatabase(handle.db, { demo: env().SEED_DEMO })
  const c = await countRows(handle.db)
  console.log(`种子数据已就绪：企业 ${c.enterprises} 家，职工 ${c.employees} 人，账号 ${c.users} 个`)
} catch (error) {
  // an operator's command: the reason, not a stack trace
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await handle.close()
}
