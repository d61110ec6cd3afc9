import type { Kysely } from 'kysely'
import type { Database } from '../../db/types'
import { signIn } from '../../app/modules/auth/auth.server'

export const ORIGIN = 'http://localhost:3000'
export const DEMO_PASSWORD = 'Anzetong@2026'

/** Signs in through the real sign-in function and returns the Cookie header a browser would send. */
export async function cookieFor(db: Kysely<Database>, identifier: string, password = DEMO_PASSWORD): Promise<string> {
  const result = await signIn(db, { identifier, password }, { ip: '127.0.0.1', userAgent: 'vitest' })
  if (!result.ok) throw new Error(`sign-in failed for ${identifier}: ${result.message}`)
  return result.cookie.split(';')[0]!
}

export function get(path: string, cookie?: string): Request {
  return new Request(new URL(path, ORIGIN), { headers: { host: 'localhost:3000', ...(cookie ? { cookie } : {}) } })
}

export function post(path: string, fields: Record<string, string>, cookie?: string, origin: string | null = ORIGIN): Request {
  const headers: Record<string, string> = { host: 'localhost:3000', 'content-type': 'application/x-www-form-urlencoded' }
  if (cookie) headers.cookie = cookie
  if (origin) headers.origin = origin
  return new Request(new URL(path, ORIGIN), { method: 'POST', headers, body: new URLSearchParams(fields).toString() })
}

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown

/** Runs a loader or action; a thrown Response (redirect, 403, 404) comes back as the result. */
export async function run(handler: Handler, request: Request, params: Record<string, string> = {}): Promise<unknown> {
  try {
    return await handler({ request, params, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** The HTTP status a loader/action result stands for (plain data is 200). */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status
  if (result && typeof result === 'object' && 'type' in result && (result as { type: unknown }).type === 'DataWithResponseInit') {
    return ((result as { init?: { status?: number } }).init?.status ?? 200) as number
  }
  return 200
}

export function dataOf<T = any>(result: unknown): T {
  if (result && typeof result === 'object' && 'type' in result && (result as { type: unknown }).type === 'DataWithResponseInit') {
    return (result as unknown as { data: T }).data
  }
  return result as T
}
