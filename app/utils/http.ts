// Another tenant's record and a record that does not exist look the same: 404.
export function notFound(): Response {
  return new Response('未找到', { status: 404 })
}

export function forbidden(message = '无权访问'): Response {
  return new Response(message, { status: 403 })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A route's id parameter; anything that is not a UUID is a 404, never a database error. */
export function uuidParam(params: Record<string, string | undefined>, name: string): string {
  const value = params[name]
  if (!value || !UUID.test(value)) throw notFound()
  return value
}
