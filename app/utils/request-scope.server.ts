import { AsyncLocalStorage } from 'node:async_hooks'

// One HTTP request's own memory, for answers its loaders would otherwise each fetch again: the root
// loader and the page's loader run side by side and both validated the same session cookie. Only a
// GET or HEAD gets one (app/server.mjs): no action runs in it, so nothing in the request changes the
// answer (an action may end or rotate the session, and the loaders after it must see that). Outside a
// request, or where the server did not open one (tests calling loaders directly), nothing is kept.

const storage = new AsyncLocalStorage<Map<string, Promise<unknown>>>()

/** Runs one request's handling with a fresh memory when `readOnly` (the request's method is GET or HEAD). */
export function runInRequestScope<T>(readOnly: boolean, handle: () => T): T {
  // any other request runs with none, even in an async context a GET began (a reused connection)
  return readOnly ? storage.run(new Map(), handle) : storage.exit(handle)
}

/** This request's answer to `key` if it has one, else `read()`'s (kept for this request only; a failure is not kept). */
export function perRequest<T>(key: string, read: () => Promise<T>): Promise<T> {
  const memo = storage.getStore()
  if (!memo) return read()
  let hit = memo.get(key) as Promise<T> | undefined
  if (!hit) {
    hit = read()
    memo.set(key, hit)
    hit.catch(() => memo.get(key) === hit && memo.delete(key))
  }
  return hit
}
