import { describe, expect, it } from 'vitest'
import { databaseTimeouts, readEnv } from '../../app/env.server'

// app/env.server.ts: every variable read and checked once; a bad value is named, in Chinese, at start-up.

describe('the environment', () => {
  it('has the README’s defaults when nothing is set (blank counts as unset)', () => {
    const e = readEnv({ PORT: '', DB_STATEMENT_TIMEOUT_MS: ' ' })
    expect(e).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      SHUTDOWN_GRACE_MS: 10_000,
      TRUST_PROXY: 'loopback',
      INSECURE_COOKIES: false,
      SEED_DEMO: true,
      PGLITE_DATA_DIR: './.data/pglite',
    })
    expect(e.DATABASE_URL).toBeUndefined()
    expect(databaseTimeouts(e)).toEqual({ connectMs: 5_000, statementMs: 30_000, idleInTransactionMs: 60_000 })
  })

  it('reads what is set', () => {
    const e = readEnv({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://anzetong_app:pw@db:5432/anzetong',
      PORT: '0',
      INSECURE_COOKIES: '1',
      SEED_DEMO: '0',
      DB_CONNECT_TIMEOUT_MS: '800',
      PUSH_INTERVAL_MS: '0',
    })
    expect(e).toMatchObject({ NODE_ENV: 'production', PORT: 0, INSECURE_COOKIES: true, SEED_DEMO: false, PUSH_INTERVAL_MS: 0 })
    expect(databaseTimeouts(e).connectMs).toBe(800)
  })

  it('names every bad variable at once, with what it should be and what it was', () => {
    let message = ''
    try {
      readEnv({ PORT: '70000', DB_STATEMENT_TIMEOUT_MS: '30s', DATABASE_URL: 'mysql://x', NODE_ENV: 'prod', INSECURE_COOKIES: 'yes' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('环境变量 PORT 应为 0–65535 的端口号（0：任一空闲端口），现为「70000」')
    expect(message).toContain('环境变量 DB_STATEMENT_TIMEOUT_MS 应为不小于 0 的整数（毫秒），现为「30s」')
    expect(message).toContain('环境变量 DATABASE_URL 应为 postgres://')
    expect(message).toContain('环境变量 NODE_ENV 应为 development、production 或 test，现为「prod」')
    expect(message).toContain('环境变量 INSECURE_COOKIES 应为 1（开）或 0（关），现为「yes」')
  })
})
