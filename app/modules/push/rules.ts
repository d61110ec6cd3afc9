import type { PushStatus } from '../../../db/types'
import { regionPrefix } from '../reference/rules'

// Pure rules of pushing published status reports to a provincial platform: who receives a report,
// when to try again, and what an HTTP outcome means. No I/O here; push.server.ts applies them.

export type { PushStatus }

export const PUSH_STATUSES = ['pending', 'delivered', 'dead'] as const satisfies readonly PushStatus[]

export const PUSH_STATUS_LABELS: Record<PushStatus, string> = {
  pending: '待投递',
  delivered: '已送达',
  dead: '死信',
}

/** The first retry waits 30 s, each further one twice as long… */
export const BACKOFF_BASE_MS = 30_000
/** …but never more than 6 hours, so a receiver back from a long outage is tried again the same day. */
export const BACKOFF_CAP_MS = 6 * 60 * 60 * 1000
/**
 * After the 12th failed attempt a row becomes a dead letter. The waits between the attempts add up to
 * about 14.5 hours (30 s, 1, 2, 4 … 256 min, then the 6-hour cap), enough to ride out an overnight
 * outage of the receiver without a person having to step in.
 */
export const MAX_ATTEMPTS = 12
/** How long one HTTP attempt may take, unless the caller says otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000
/** The background loop's default period; PUSH_INTERVAL_MS overrides it, 0 switches the loop off. */
export const DEFAULT_INTERVAL_MS = 15_000

/** The wait after the given (1-based) failed attempt: 30 s × 2^(attempt−1), capped at 6 h, no jitter. */
export function backoffDelayMs(attempt: number): number {
  const n = Math.max(1, Math.floor(attempt))
  // 2^(n−1) overflows nothing here, but past the cap the exact power does not matter
  if (n > 30) return BACKOFF_CAP_MS
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (n - 1))
}

/** One row per report and receiving region, and the receiver's dedupe key is derived from exactly that. */
export function idempotencyKey(reportId: string, regionCode: string): string {
  return `report:${reportId}:${regionCode}`
}

/** An endpoint configured for a region receives the reports of every enterprise in it and below (140000 covers 140702…). */
export function endpointCovers(endpoint: { code: string; level: number }, enterpriseRegionCode: string): boolean {
  return enterpriseRegionCode.startsWith(regionPrefix(endpoint.code, endpoint.level))
}

/** What came back from one attempt, as the delivery loop saw it. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; echoedKey?: string | null; body?: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network'; message: string }

export type Verdict = { verdict: 'delivered'; error: null } | { verdict: 'retry' | 'dead'; error: string }

function withBody(text: string, body: string | undefined): string {
  const snippet = (body ?? '').replace(/\s+/g, ' ').trim().slice(0, 120)
  return snippet ? `${text}：${snippet}` : text
}

/**
 * 2xx: delivered. 409 for our own key: the receiver already has the report (an earlier attempt got
 * through but its answer was lost), so delivered too. 408, 429, 5xx, a timeout or a network error may
 * pass: retry. Any other 4xx (bad token, bad payload) will fail the same way every time: dead at once.
 * A 3xx is dead too: redirects are not followed, as a POST would turn into a GET and lose its token.
 */
export function classifyOutcome(outcome: AttemptOutcome, sentKey: string): Verdict {
  switch (outcome.kind) {
    case 'timeout':
      return { verdict: 'retry', error: `请求超时（${Math.round(outcome.timeoutMs / 100) / 10}秒未响应）` }
    case 'network':
      return { verdict: 'retry', error: `网络错误：${outcome.message.slice(0, 160)}` }
    case 'response': {
      const { status } = outcome
      if (status >= 200 && status < 300) return { verdict: 'delivered', error: null }
      if (status === 409) {
        // a receiver that names the key it conflicts with must name ours; one that names none is taken at its word
        if (outcome.echoedKey && outcome.echoedKey !== sentKey) {
          return { verdict: 'dead', error: withBody(`接收方返回冲突（HTTP 409），但幂等键与本次推送不一致`, outcome.body) }
        }
        return { verdict: 'delivered', error: null }
      }
      if (status === 408 || status === 429 || status >= 500) {
        return { verdict: 'retry', error: withBody(`接收方暂时无法处理（HTTP ${status}）`, outcome.body) }
      }
      if (status >= 300 && status < 400) {
        return { verdict: 'dead', error: `接收地址返回重定向（HTTP ${status}），请核对推送地址` }
      }
      return { verdict: 'dead', error: withBody(`接收方拒绝（HTTP ${status}）`, outcome.body) }
    }
  }
}

export interface NextState {
  status: PushStatus
  nextAttemptAt: Date
  deliveredAt: Date | null
  lastError: string | null
}

/** Where a row goes after its `attempts`-th attempt (1-based) ended with the given verdict. */
export function nextState(attempts: number, v: Verdict, now: Date): NextState {
  if (v.verdict === 'delivered') return { status: 'delivered', nextAttemptAt: now, deliveredAt: now, lastError: null }
  if (v.verdict === 'dead') return { status: 'dead', nextAttemptAt: now, deliveredAt: null, lastError: v.error }
  if (attempts >= MAX_ATTEMPTS) {
    return { status: 'dead', nextAttemptAt: now, deliveredAt: null, lastError: `${v.error}；已尝试${attempts}次，转为死信` }
  }
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + backoffDelayMs(attempts)), deliveredAt: null, lastError: v.error }
}

/** A token as the UI may show it: its last four characters at most, and only when it is long enough to spare them. */
export function maskToken(token: string): string {
  if (!token) return '未设置'
  if (token.length < 12) return '已设置'
  return `****${token.slice(-4)}`
}

/** PUSH_INTERVAL_MS as the loop reads it: unset or malformed → the default, 0 → off. */
export function pushIntervalMs(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_INTERVAL_MS
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) return DEFAULT_INTERVAL_MS
  if (n === 0) return 0
  // a tight loop would hammer the database; one second is the floor
  return Math.max(1_000, Math.floor(n))
}
