// A request whose database went away (connection lost or refused, a limit exceeded) is answered with
// our 503 page, "数据库暂时不可用，请稍后重试", never a 500 and never a crash. Its transaction was
// rolled back (or lost with its connection, which PostgreSQL aborts). app/server.mjs applies this to
// every route's loader and action of the build, through the entry module.
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../../../db/client'

export function databaseUnavailableResponse(): Response {
  return new Response(DATABASE_UNAVAILABLE_MESSAGE, {
    status: 503,
    statusText: 'Service Unavailable',
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5', 'Cache-Control': 'no-store' },
  })
}

type Handler = (args: { request: Request }) => unknown

/** The handler, with a database-unavailable error turned into the thrown 503 response. */
export function answer503OnDatabaseLoss<H extends Handler>(handler: H): H {
  const wrapped = async (args: Parameters<H>[0]) => {
    try {
      return await handler(args)
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error
      const url = new URL(args.request.url)
      console.warn(
        `数据库不可用，已回答 503：${args.request.method} ${url.pathname}（${error instanceof Error ? error.message : String(error)}）`,
      )
      throw databaseUnavailableResponse()
    }
  }
  return wrapped as H
}

interface BuildLike {
  routes: Record<string, { module: Record<string, unknown> } & Record<string, unknown>>
}

/** A copy of the server build whose every loader and action answers 503 when the database is gone. */
export function withDatabaseUnavailablePage<B extends BuildLike>(build: B): B {
  const routes: BuildLike['routes'] = {}
  for (const [id, route] of Object.entries(build.routes)) {
    const module: Record<string, unknown> = { ...route.module }
    for (const key of ['loader', 'action'] as const) {
      const fn = route.module[key]
      if (typeof fn === 'function') module[key] = answer503OnDatabaseLoss(fn as Handler)
    }
    routes[id] = { ...route, module }
  }
  return { ...build, routes }
}
