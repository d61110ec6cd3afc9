import { z } from 'zod'
import { isUuid } from './ids'

// DataTable state lives in the URL (?page=&size=&sort=&dir=) and is executed in SQL.
export const PAGE_SIZES = [10, 20, 50, 100] as const

export function tableParamsSchema<const K extends readonly [string, ...string[]]>(sortKeys: K, defaultSort: K[number]) {
  return z.object({
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
    size: z.coerce
      .number()
      .int()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
      .catch(20),
    sort: z.enum(sortKeys).catch(defaultSort as never),
    dir: z.enum(['asc', 'desc']).catch('asc'),
  })
}

export type TableParams<K extends string> = { page: number; size: number; sort: K; dir: 'asc' | 'desc' }

/**
 * The URL's parameters for a list's schema. A NUL character can be in a URL (%00) but never in a
 * PostgreSQL text value: the database refused the whole statement (a 500), so it is dropped here.
 */
export function searchParamsObject(url: URL): Record<string, string> {
  return Object.fromEntries([...url.searchParams.entries()].map(([k, v]) => [k, v.replaceAll('\u0000', '')]))
}

/** An id in a filter: anything but a row id is no filter (a stale or crafted link shows everything, never a 500). */
export const idFilter = z
  .string()
  .refine((v) => isUuid(v))
  .or(z.literal(''))
  .catch('')

export interface Page<T> {
  rows: T[]
  total: number
  page: number
  size: number
}

/** A search box's text as a LIKE pattern matching it anywhere, with % and _ taken literally. */
export function containsPattern(q: string): string {
  return `%${q.replaceAll('\u0000', '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * For a list computed whole in a module (who may see each row is decided in code, over the org graph):
 * one page of the chosen rows, with the whole count. SQL pages every other list.
 */
export function pageOf<T>(chosen: readonly T[], query: { page: number; size: number }): Page<T> {
  return {
    rows: chosen.slice((query.page - 1) * query.size, query.page * query.size),
    total: chosen.length,
    page: query.page,
    size: query.size,
  }
}

/** A search box's text as a test of a row's texts: any of them contains it, case aside; no text matches every row. */
export function textSearch(q: string): (...texts: readonly string[]) => boolean {
  const needle = q.trim().toLowerCase()
  return (...texts) => !needle || texts.some((t) => t.toLowerCase().includes(needle))
}
