import { describe, expect, it } from 'vitest'
import {
  BACKOFF_CAP_MS,
  backoffDelayMs,
  classifyOutcome,
  DEFAULT_INTERVAL_MS,
  endpointCovers,
  idempotencyKey,
  maskToken,
  MAX_ATTEMPTS,
  nextState,
  pushIntervalMs,
} from '../../app/modules/push/rules'

const KEY = idempotencyKey('3f1c2a4e-0000-4000-8000-000000000001', '140000')
const res = (status: number, extra: { echoedKey?: string | null; body?: string } = {}) => ({ kind: 'response' as const, status, ...extra })

describe('backoff', () => {
  it('waits 30 s, then doubles, without jitter', () => {
    expect([1, 2, 3, 4, 5].map(backoffDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000])
  })
  it('never waits more than 6 hours', () => {
    expect(backoffDelayMs(10)).toBe(30_000 * 2 ** 9) // 256 min, still under the cap
    expect(backoffDelayMs(11)).toBe(BACKOFF_CAP_MS)
    expect(backoffDelayMs(1000)).toBe(BACKOFF_CAP_MS)
    expect(backoffDelayMs(0)).toBe(30_000)
  })
  it('spreads the attempts over about 14.5 hours before giving up', () => {
    let total = 0
    for (let n = 1; n < MAX_ATTEMPTS; n++) total += backoffDelayMs(n)
    expect(total).toBe(30_000 * (2 ** 10 - 1) + BACKOFF_CAP_MS)
  })
})

describe('classifying an outcome', () => {
  it('2xx is delivered', () => {
    expect(classifyOutcome(res(200), KEY)).toEqual({ verdict: 'delivered', error: null })
    expect(classifyOutcome(res(202), KEY).verdict).toBe('delivered')
  })
  it('409 for our key (or naming none) means already received, so delivered', () => {
    expect(classifyOutcome(res(409), KEY).verdict).toBe('delivered')
    expect(classifyOutcome(res(409, { echoedKey: KEY }), KEY).verdict).toBe('delivered')
    expect(classifyOutcome(res(409, { echoedKey: 'report:other:140000' }), KEY).verdict).toBe('dead')
  })
  it('408, 429, 5xx, timeouts and network errors are retried', () => {
    for (const s of [408, 429, 500, 502, 503, 504]) expect(classifyOutcome(res(s), KEY).verdict, String(s)).toBe('retry')
    expect(classifyOutcome({ kind: 'timeout', timeoutMs: 10_000 }, KEY)).toEqual({ verdict: 'retry', error: '请求超时（10秒未响应）' })
    expect(classifyOutcome({ kind: 'network', message: 'fetch failed（ECONNREFUSED）' }, KEY)).toEqual({
      verdict: 'retry',
      error: '网络错误：fetch failed（ECONNREFUSED）',
    })
  })
  it("any other 4xx is dead at once, with the receiver's reason", () => {
    for (const s of [400, 401, 403, 404, 422]) expect(classifyOutcome(res(s), KEY).verdict, String(s)).toBe('dead')
    expect(classifyOutcome(res(401, { body: ' token\n expired ' }), KEY).error).toBe('接收方拒绝（HTTP 401）：token expired')
  })
  it('a redirect is a misconfigured address, not followed', () => {
    expect(classifyOutcome(res(302), KEY)).toMatchObject({ verdict: 'dead', error: expect.stringContaining('重定向') })
  })
  it("keeps the receiver's text short", () => {
    expect(classifyOutcome(res(500, { body: 'x'.repeat(5000) }), KEY).error!.length).toBeLessThan(160)
  })
})

describe('next state', () => {
  const now = new Date('2026-11-23T08:00:00Z')
  it('schedules a retry by the backoff', () => {
    expect(nextState(1, { verdict: 'retry', error: 'e' }, now)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date('2026-11-23T08:00:30Z'),
      deliveredAt: null,
      lastError: 'e',
    })
    expect(nextState(3, { verdict: 'retry', error: 'e' }, now).nextAttemptAt).toEqual(new Date('2026-11-23T08:02:00Z'))
  })
  it('turns the last failed attempt into a dead letter', () => {
    const s = nextState(MAX_ATTEMPTS, { verdict: 'retry', error: '接收方暂时无法处理（HTTP 503）' }, now)
    expect(s.status).toBe('dead')
    expect(s.lastError).toBe(`接收方暂时无法处理（HTTP 503）；已尝试${MAX_ATTEMPTS}次，转为死信`)
  })
  it('marks delivery and dead letters', () => {
    expect(nextState(2, { verdict: 'delivered', error: null }, now)).toMatchObject({
      status: 'delivered',
      deliveredAt: now,
      lastError: null,
    })
    expect(nextState(1, { verdict: 'dead', error: 'x' }, now)).toMatchObject({ status: 'dead', deliveredAt: null, lastError: 'x' })
  })
})

describe('who receives a report', () => {
  it('a province covers its cities, a city only its own', () => {
    expect(endpointCovers({ code: '140000', level: 1 }, '140702002')).toBe(true)
    expect(endpointCovers({ code: '140700', level: 2 }, '140781')).toBe(true)
    expect(endpointCovers({ code: '140100', level: 2 }, '140702002')).toBe(false) // 太原 does not get 晋中's
    expect(endpointCovers({ code: '140702', level: 3 }, '140702009')).toBe(true)
    expect(endpointCovers({ code: '130000', level: 1 }, '140702')).toBe(false)
  })
  it('keys a row by report and receiving region', () => {
    expect(idempotencyKey('abc', '140000')).toBe('report:abc:140000')
  })
})

describe('secrets and settings', () => {
  it('shows at most the last four characters of a token', () => {
    expect(maskToken('s3cr3t-token-0123456789abcd')).toBe('****abcd')
    expect(maskToken('short-tok')).toBe('已设置')
    expect(maskToken('')).toBe('未设置')
  })
  it('reads PUSH_INTERVAL_MS', () => {
    expect(pushIntervalMs(undefined)).toBe(DEFAULT_INTERVAL_MS)
    expect(pushIntervalMs('0')).toBe(0)
    expect(pushIntervalMs('60000')).toBe(60_000)
    expect(pushIntervalMs('5')).toBe(1_000)
    expect(pushIntervalMs('abc')).toBe(DEFAULT_INTERVAL_MS)
    expect(pushIntervalMs('-1')).toBe(DEFAULT_INTERVAL_MS)
  })
})
