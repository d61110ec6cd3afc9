import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor } from '../../app/db.server'
import type { Actor } from '../../app/modules/auth/actor'
import { ORDER_SORTS, orderListSchema } from '../../app/modules/supervision/schema'
import { listDepartmentOrders } from '../../app/modules/supervision/supervision.server'
import { loader as hazardsLoader } from '../../app/routes/regulator.hazards'
import { loader as ordersLoader } from '../../app/routes/regulator.orders'
import { addDays } from '../../app/utils/calendar'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, run, statusOf } from './requests'

// 整改跟踪 sorts the department's orders before it joins them to their enterprises (issue 17): each
// sort, direction, filter and page must still be the rule's — checked here against the rule in JS.

let t: TestDatabase
let yjj: Actor
const TODAY = '2026-06-15'
let outOfScope: string

beforeAll(async () => {
  t = await createTestDatabase()
  yjj = await actorOf(t.db, 'jz_yjj')
  const departmentId = (yjj as { departmentId: string }).departmentId
  const enterprises = await t.db.selectFrom('enterprises').select(['id', 'region_code']).orderBy('name').execute()
  const inScope = enterprises.filter((e) => e.region_code.startsWith('1407'))
  outOfScope = enterprises.find((e) => !e.region_code.startsWith('1407'))!.id
  // 36 open orders, three to a due day, their deadlines around TODAY (overdue before it, pending from it)
  const rows = Array.from({ length: 36 }, (_, i) => ({
    enterprise_id: i === 7 ? outOfScope : inScope[i % inScope.length]!.id,
    department_id: departmentId,
    department_name: '晋中市应急管理局',
    document_no: `（晋中应急）责改〔2026〕T${String(i).padStart(3, '0')}号`,
    issued_by: yjj.userId,
    issued_by_name: '测试',
    issued_at: new Date(Date.UTC(2026, 4, 1 + (i % 11), 2, i)),
    due_date: addDays(TODAY, Math.floor(i / 3) - 6),
  }))
  await t.db.insertInto('rectification_orders').values(rows).execute()
})
afterAll(() => t.destroy())

const list = (params: Record<string, string>) =>
  listDepartmentOrders(contextFor(t.db, yjj), orderListSchema.parse(params), TODAY).then((r) => ({ ...r.page, counts: r.counts }))

type Row = Awaited<ReturnType<typeof list>>['rows'][number]
const rank = (r: Row) => (r.status === 'accepted' ? 3 : r.status === 'answered' ? 1 : r.dueDate < TODAY ? 0 : 2)
const key: Record<(typeof ORDER_SORTS)[number], (r: Row) => string | number> = {
  urgency: rank,
  dueDate: (r) => r.dueDate,
  issuedAt: (r) => new Date(r.issuedAt).getTime(),
  enterprise: (r) => r.enterpriseName,
}
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)

describe('整改跟踪: the department’s orders sorted before they meet their enterprises', () => {
  it('every sort, direction, state and page is the rule’s, and out-of-scope orders are left out', async () => {
    const everything = await list({ size: '100' })
    expect(everything.rows.some((r) => r.enterpriseId === outOfScope)).toBe(false)
    expect(everything.total).toBe(everything.rows.length)
    expect(everything.total).toBeGreaterThanOrEqual(35)
    const { counts } = everything
    expect(counts.overdue + counts.pending + counts.answered + counts.accepted).toBe(everything.total)
    for (const sort of ORDER_SORTS)
      for (const dir of ['asc', 'desc'] as const)
        for (const state of ['', 'overdue', 'pending'] as const) {
          const all = everything.rows.filter((r) => !state || (state === 'overdue' ? rank(r) === 0 : rank(r) === 2))
          // the enterprise's name sorts by the database's collation: only its pages are compared below
          const expected =
            sort === 'enterprise'
              ? (await list({ sort, dir, state, size: '100' })).rows
              : [...all].sort(
                  (a, b) => (dir === 'asc' ? 1 : -1) * cmp(key[sort](a), key[sort](b)) || cmp(a.dueDate, b.dueDate) || cmp(a.id, b.id),
                )
          expect(expected.map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort())
          const pages = await Promise.all([1, 2, 3, 4].map((page) => list({ sort, dir, state, size: '10', page: String(page) })))
          expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(expected.map((r) => r.id))
          expect(pages.every((p) => p.total === all.length)).toBe(true)
        }
  })

  it('a search filters the rows and their total, not the tabs', async () => {
    const everything = await list({ size: '100' })
    const found = await list({ q: 'T01', size: '100' })
    expect(found.rows.map((r) => r.documentNo).every((n) => n.includes('T01'))).toBe(true)
    expect(found.total).toBe(found.rows.length)
    expect(found.total).toBeGreaterThan(0)
    expect(found.counts).toEqual(everything.counts)
    const overdue = await list({ q: 'T01', state: 'overdue', size: '100' })
    expect(overdue.rows.map((r) => r.id)).toEqual(found.rows.filter((r) => rank(r) === 0).map((r) => r.id))
    expect(overdue.total).toBe(overdue.rows.length)
  })
})

describe('the paged lists answer any URL (issue 17: 重大隐患 is paged now too)', () => {
  it('a crafted page, size or state is a clear page, never a 500', async () => {
    const cookie = await cookieFor(t.db, 'jz_yjj')
    const crafted = ['page=-1', 'page=abc', 'page=1e12', 'page=0', 'page=2.5', 'page=%00', 'size=7', 'size=100000', 'size=NaN']
    for (const q of [...crafted, 'state=x', 'state=%00closed', 'state=open&state=closed', 'page=1&page=2', 'page=99999&size=100']) {
      const hazards = await run(hazardsLoader, get(`/regulator/hazards?${q}`, cookie))
      expect(statusOf(hazards), q).toBe(200)
      const h = dataOf(hazards)
      expect(h.rows.length, q).toBeLessThanOrEqual(h.size)
      // a page past the last is empty; any other ends within the total
      if (h.rows.length) expect(h.total, q).toBeGreaterThanOrEqual((h.page - 1) * h.size + h.rows.length)
      const orders = await run(ordersLoader, get(`/regulator/orders?${q}`, cookie))
      expect(statusOf(orders), q).toBe(200)
      const o = dataOf(orders)
      expect(o.page.rows.length, q).toBeLessThanOrEqual(o.page.size)
    }
    // a page out of range or malformed is the first
    for (const q of crafted.slice(0, 6)) expect(dataOf(await run(hazardsLoader, get(`/regulator/hazards?${q}`, cookie))).page, q).toBe(1)
  })
})
