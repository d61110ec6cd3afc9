// CI on PostgreSQL: the README's two-role deploy, end to end through the real commands. A fresh
// database is migrated and seeded as the owner (MIGRATION_DATABASE_URL) with `npm run db:migrate` and
// `db:seed`; then, as anzetong_app (DATABASE_URL), a confirmation cannot be updated or deleted
// (permission denied), and `npm run verify:ledger` runs. The database is dropped afterwards.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import pg from 'pg'

const server = process.env.CI_POSTGRES_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const name = `azt_ci_${randomBytes(5).toString('hex')}`
const ownerUrl = Object.assign(new URL(server), { pathname: `/${name}` }).toString()
const appUrl = (() => {
  const u = new URL(ownerUrl)
  u.username = 'anzetong_app'
  u.password = ''
  return u.toString()
})()

const admin = new pg.Client({ connectionString: server })
await admin.connect()
await admin.query(`create database ${name}`)
let failed = false
try {
  const env = { ...process.env, MIGRATION_DATABASE_URL: ownerUrl, DATABASE_URL: appUrl }
  execFileSync('npm', ['run', '--silent', 'db:migrate'], { env, stdio: 'inherit' })
  execFileSync('npm', ['run', '--silent', 'db:seed'], { env, stdio: 'inherit' })
  const app = new pg.Client({ connectionString: appUrl })
  await app.connect()
  try {
    const who = (await app.query('select current_user as u')).rows[0].u
    if (who !== 'anzetong_app') throw new Error(`connected as ${who}`)
    await app.query('select count(*) from acknowledgements')
    for (const statement of ['update acknowledgements set client_ip = null', 'delete from acknowledgements', 'truncate acknowledgements']) {
      try {
        await app.query(statement)
        throw new Error(`anzetong_app may run: ${statement}`)
      } catch (error) {
        if ((error as { code?: string }).code !== '42501') throw error
        console.log(`✓ anzetong_app: ${statement} → permission denied`)
      }
    }
  } finally {
    await app.end()
  }
  execFileSync('npm', ['run', '--silent', 'verify:ledger'], { env, stdio: 'inherit' })
} catch (error) {
  failed = true
  console.error(error instanceof Error ? error.message : error)
} finally {
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.end()
}
process.exit(failed ? 1 : 0)
