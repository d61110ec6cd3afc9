// Readiness for a load balancer (/readyz, served by app/server.mjs): the database answers `select 1`
// within 500 ms and every migration this build knows has run. Cheap, and without any data.
import { sql } from 'kysely'
import { migrations } from '../../../db/migrations/index'
import type { DatabaseHandle } from '../../../db/client'

export const READY_TIMEOUT_MS = 500

export type Readiness = { ok: true } | { ok: false; reason: string }

// Migrations never run backwards under a running server: once up to date, only `select 1` is asked.
let migrationsSeenCurrent = false

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`超过 ${ms} 毫秒未响应`)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

export async function readiness(getHandle: () => Promise<DatabaseHandle>): Promise<Readiness> {
  try {
    return await within(
      READY_TIMEOUT_MS,
      (async (): Promise<Readiness> => {
        const { db } = await getHandle()
        await sql`select 1`.execute(db)
        if (!migrationsSeenCurrent) {
          const ran = await sql<{ name: string }>`select name from kysely_migration`.execute(db)
          const done = new Set(ran.rows.map((r) => r.name))
          const pending = Object.keys(migrations).filter((name) => !done.has(name))
          if (pending.length) return { ok: false, reason: `尚有 ${pending.length} 个数据库迁移未执行` }
          migrationsSeenCurrent = true
        }
        return { ok: true }
      })(),
    )
  } catch (error) {
    // the reason is for the operator's log, not for the anonymous caller
    console.warn(`就绪检查失败：${error instanceof Error ? error.message : String(error)}`)
    return { ok: false, reason: '数据库不可用' }
  }
}
