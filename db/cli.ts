// npm run db:migrate | db:seed — against DATABASE_URL, or the embedded database in ./.data when unset.
import { migrateToLatest, openDatabase } from './client'
import { countRows, seedDatabase } from './seed'

const command = process.argv[2]
const handle = await openDatabase({ url: process.env.DATABASE_URL })
try {
  if (command === 'migrate' || command === 'seed') {
    const applied = await migrateToLatest(handle.db)
    console.log(applied.length ? `已执行迁移：${applied.join(', ')}` : '数据库结构已是最新')
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
} finally {
  await handle.close()
}
