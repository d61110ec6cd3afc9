// npm run db:migrate | db:seed — as the schema's owner: MIGRATION_DATABASE_URL, else DATABASE_URL, or
// the embedded database in ./.data when neither is set. On PostgreSQL, migrate also (re)grants the
// app role `anzetong_app` exactly what db/privileges.ts says.
import { migrateToLatest, NO_TIMEOUTS, openDatabase } from './client'
import { applyPrivileges, appRolePassword, APP_ROLE } from './privileges'
import { countRows, seedDatabase } from './seed'

const command = process.argv[2]
const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || undefined
// migrations and seeding run as long as they need: no statement or idle-in-transaction limit
const handle = await openDatabase({ url, timeouts: NO_TIMEOUTS })
try {
  if (command === 'migrate' || command === 'seed') {
    const applied = await migrateToLatest(handle.db)
    console.log(applied.length ? `已执行迁移：${applied.join(', ')}` : '数据库结构已是最新')
    if (handle.engine === 'pg') {
      await applyPrivileges(handle.db, { password: appRolePassword() })
      console.log(`已为应用账号 ${APP_ROLE} 授权（db/privileges.ts）`)
    }
  }
  if (command === 'seed') {
    await seedDatabase(handle.db, { demo: process.env.SEED_DEMO !== '0' })
    const c = await countRows(handle.db)
    console.log(`种子数据已就绪：企业 ${c.enterprises} 家，职工 ${c.employees} 人，账号 ${c.users} 个`)
  }
  if (command !== 'migrate' && command !== 'seed') {
    console.error('用法：tsx db/cli.ts migrate|seed')
    process.exitCode = 2
  }
} catch (error) {
  // an operator's command: the reason, not a stack trace
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await handle.close()
}
