import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from '../../app/modules/auth/auth.server'
import { BAD_CREDENTIALS_MESSAGE } from '../../app/modules/auth/rules'
import { action as loginAction } from '../../app/routes/login'
import { action as logoutAction } from '../../app/routes/logout'
import { loader as meLoader } from '../../app/routes/me._index'
import { demoEnterprises } from '../../seeds/demo'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, DEMO_PASSWORD, get, post, run, statusOf } from './requests'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(() => t.destroy())

const client = { ip: '127.0.0.1', userAgent: 'vitest' }
const worker = demoEnterprises[0]!.accounts.find((a) => a.role === 'worker')!

describe('sign-in', () => {
  it('works by 手机号 and by 用户名', async () => {
    expect((await signIn(t.db, { identifier: worker.phone!, password: DEMO_PASSWORD }, client)).ok).toBe(true)
    expect((await signIn(t.db, { identifier: 'hs_admin', password: DEMO_PASSWORD }, client)).ok).toBe(true)
  })

  it('keeps only the SHA-256 of the session id in the database', async () => {
    const cookie = await cookieFor(t.db, 'hs_head')
    const sessionId = cookie.split('=')[1]!
    const rows = await t.db.selectFrom('sessions').select('id').execute()
    expect(rows.some((r) => r.id === sessionId)).toBe(false)
    expect(rows.some((r) => r.id === createHash('sha256').update(sessionId).digest('hex'))).toBe(true)
  })

  it('gives the same Chinese message for a wrong password and an unknown account', async () => {
    const wrong = await signIn(t.db, { identifier: 'jj_admin', password: 'nope' }, client)
    const unknown = await signIn(t.db, { identifier: 'nobody_here', password: 'nope' }, client)
    expect(wrong).toEqual({ ok: false, message: BAD_CREDENTIALS_MESSAGE })
    expect(unknown).toEqual({ ok: false, message: BAD_CREDENTIALS_MESSAGE })
    // a success afterwards resets the count
    expect((await signIn(t.db, { identifier: 'jj_admin', password: DEMO_PASSWORD }, client)).ok).toBe(true)
  })

  it('locks the account after 5 failures for 15 minutes, even against the right password', async () => {
    const now = new Date()
    for (let i = 0; i < 4; i++) {
      expect(await signIn(t.db, { identifier: 'td_admin', password: 'wrong' }, client, now)).toEqual({
        ok: false,
        message: BAD_CREDENTIALS_MESSAGE,
      })
    }
    expect(await signIn(t.db, { identifier: 'td_admin', password: 'wrong' }, client, now)).toEqual({
      ok: false,
      message: BAD_CREDENTIALS_MESSAGE,
    })
    expect(await signIn(t.db, { identifier: 'td_admin', password: DEMO_PASSWORD }, client, new Date(now.getTime() + 14 * 60_000))).toEqual({
      ok: false,
      message: BAD_CREDENTIALS_MESSAGE,
    })
    const later = await signIn(
      t.db,
      { identifier: 'td_admin', password: DEMO_PASSWORD },
      client,
      new Date(now.getTime() + 15 * 60_000 + 1000),
    )
    expect(later.ok).toBe(true)
    const audit = await t.db.selectFrom('audit_events').select(['result']).where('action', '=', 'sign_in').execute()
    expect(audit.filter((a) => a.result === 'failed').length).toBeGreaterThanOrEqual(5)
    expect(audit.some((a) => a.result === 'denied')).toBe(true)
  })

  it('the login action re-renders with the identifier kept and the Chinese message, and sets no cookie', async () => {
    const res = await run(loginAction, post('/login', { identifier: 'hs_admin', password: 'bad', redirectTo: '' }))
    expect(statusOf(res)).toBe(400)
    expect(dataOf(res)).toMatchObject({ values: { identifier: 'hs_admin' }, message: BAD_CREDENTIALS_MESSAGE })
  })

  it('refuses a cross-origin sign-in post', async () => {
    const res = await run(
      loginAction,
      post('/login', { identifier: 'hs_admin', password: DEMO_PASSWORD }, undefined, 'http://evil.example'),
    )
    expect(statusOf(res)).toBe(403)
  })

  it('never redirects off-site after sign-in', async () => {
    const res = (await run(
      loginAction,
      post('/login', { identifier: 'hs_admin', password: DEMO_PASSWORD, redirectTo: '//evil.example/x' }),
    )) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/enterprise')
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Lax/i)
  })
})

describe('sign-out', () => {
  it('ends the session in the database, so the old cookie no longer works', async () => {
    const cookie = await cookieFor(t.db, worker.phone!)
    expect(statusOf(await run(meLoader, get('/me', cookie)))).toBe(200)
    const res = (await run(logoutAction, post('/logout', {}, cookie))) as Response
    expect(res.headers.get('location')).toBe('/login')
    const after = (await run(meLoader, get('/me', cookie))) as Response
    expect(after.status).toBe(302)
    expect(after.headers.get('location')).toMatch(/^\/login/)
  })
})
