import type { Kysely } from 'kysely'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
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

/** A route's loader or action as Remix calls it (the two take the same arguments). */
export type Handler<R> = ((args: LoaderFunctionArgs) => R) | ((args: ActionFunctionArgs) => R)

/** What a handler's result stands for: a thrown or returned Response, else its data. */
export type Outcome<R> = Awaited<R> | Response

/** Runs a loader or action; a thrown Response (redirect, 403, 404) comes back as the result. */
export async function run<R>(handler: Handler<R>, request: Request, params: Record<string, string> = {}): Promise<Outcome<R>> {
  try {
    return await (handler as (args: LoaderFunctionArgs) => R)({ request, params, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

interface WithInit {
  type: 'DataWithResponseInit'
  data: unknown
  init: ResponseInit | null
}

function isDataWithInit(result: unknown): result is WithInit {
  return !!result && typeof result === 'object' && 'type' in result && (result as { type: unknown }).type === 'DataWithResponseInit'
}

/** The HTTP status a loader/action result stands for (plain data is 200). */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status
  if (isDataWithInit(result)) return result.init?.status ?? 200
  return 200
}

/** The data of a result: `data(value, init)` unwrapped; a Response (redirect, 404) is not data. */
export type DataOf<R> = R extends Response ? never : R extends { type: string; data: infer D; init: ResponseInit | null } ? D : R

/**
 * The data a loader or action returned, typed from the handler. A test that expects data and gets a
 * Response (a redirect, a 404) fails here with the status, rather than later on a missing field.
 */
export function dataOf<R>(result: R): DataOf<R> {
  if (result instanceof Response) throw new Error(`expected data, got a ${result.status} response`)
  if (isDataWithInit(result)) return result.data as DataOf<R>
  return result as DataOf<R>
}
