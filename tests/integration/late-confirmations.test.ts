import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  confirmList,
  confirmationOverview,
  getAcknowledgement,
  ledgerExportRows,
} from '../../app/modules/acknowledgements/acknowledgements.server'
import { countingStart, deadlineDate, deadlineInstant, deadlinePeriod } from '../../app/modules/acknowledgements/rules'
import type { Actor } from '../../app/modules/auth/actor'
import { homeOverview } from '../../app/modules/obligations/obligations.server'
import { todayInShanghai } from '../../app/utils/dates'
import { actorOf, publishList } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { contextFor } from '../../app/db.server'

// Late is late: a confirmation made after its deadline is 逾期确认 with the days late — in the
// overview, the ledger export, the worker's 确认书 and the home figures. Times are injected.

let t: TestDatabase
let admin: Actor
let sun: Actor
let han: Actor
let baseLate: number
const client = { ip: '203.0.113.30', userAgent: 'vitest' }
const DAY = 86_400_000

beforeAll(async () => {
  t = await createTestDatabase()
  admin = await actorOf(t.db, 'hs_admin')
  sun = await actorOf(t.db, '17735418902')
  han = await actorOf(t.db, '19834561277')
  await publishList(t.db, '化工操作工（加氢）')
  await publishList(t.db, '危化品装卸工')
  // the demo's history has late confirmations of its own: the tests count what they add
  baseLate = (await homeOverview(contextFor(t.db, admin))).figures.lateConfirmations
})
afterAll(() => t.destroy())

/** The post's current version and the deadline of this worker's confirmation, by the pure rules. */
async function deadlineOf(worker: Actor, postName: string) {
  const w = worker as { employeeId: string }
  const r = await t.db
    .selectFrom('posts as p')
    .innerJoin('duty_list_versions as v', (j) => j.onRef('v.post_id', '=', 'p.id').on('v.status', '=', 'published'))
    .innerJoin('assignments as a', (j) => j.onRef('a.post_id', '=', 'p.id').on('a.employee_id', '=', w.employeeId))
    .select([
      'p.id as postId',
      'p.tier',
      'p.is_safety_manager',
      'p.in_charge_of_safety',
      'v.id as versionId',
      'v.published_at',
      'a.start_on',
    ])
    .where('p.name', '=', postName)
    .executeTakeFirstOrThrow()
  const deadline = deadlineDate(
    countingStart(r.start_on, todayInShanghai(new Date(r.published_at!))),
    deadlinePeriod({ tier: r.tier, inChargeOfSafety: r.in_charge_of_safety, isSafetyManager: r.is_safety_manager }),
  )
  return { postId: r.postId, versionId: r.versionId, deadline, publishedAt: new Date(r.published_at!) }
}

describe('late is late', () => {
  let lateAt: Date
  let lateAck: string

  it('a confirmation 3 days past its deadline is 逾期确认（超期3天）; one in time is 已确认', async () => {
    const s = await deadlineOf(sun, '化工操作工（加氢）')
    lateAt = new Date(deadlineInstant(s.deadline).getTime() + 2 * DAY + 3600_000) // 01:00 on the third day after
    const lateBefore = (
      await confirmationOverview(contextFor(t.db, admin), { q: '', page: 1, size: 100, sort: 'state', dir: 'asc' }, todayInShanghai(lateAt))
    ).byUnit.reduce((n, u) => n + u.late, 0)
    const late = await confirmList(contextFor(t.db, sun, client, lateAt), s.postId, {
      versionId: s.versionId,
      signatureKind: 'typed',
      signature: '孙鹏',
    })
    if (!late.ok) throw new Error(late.message)
    lateAck = late.acknowledgementId
    const h = await deadlineOf(han, '危化品装卸工')
    const onTime = await confirmList(contextFor(t.db, han, client, new Date(h.publishedAt.getTime() + 3600_000)), h.postId, {
      versionId: h.versionId,
      signatureKind: 'typed',
      signature: '韩小军',
    })
    expect(onTime.ok).toBe(true)

    const overview = await confirmationOverview(
      contextFor(t.db, admin),
      { q: '', page: 1, size: 100, sort: 'state', dir: 'asc' },
      todayInShanghai(lateAt),
    )
    const sunRow = overview.page.rows.find((r) => r.employeeName === '孙鹏' && r.postId === s.postId)!
    const hanRow = overview.page.rows.find((r) => r.employeeName === '韩小军' && r.postId === h.postId)!
    expect(sunRow).toMatchObject({ state: 'confirmed', lateDays: 3, stateLabel: '逾期确认（超期3天）', deadline: s.deadline })
    expect(hanRow).toMatchObject({ state: 'confirmed', lateDays: 0, stateLabel: '已确认' })
    expect(overview.byUnit.reduce((n, u) => n + u.late, 0)).toBe(lateBefore + 1)
  })

  it('the ledger export says so beside the time', async () => {
    const rows: Record<string, unknown>[] = []
    for await (const r of ledgerExportRows(contextFor(t.db, admin, client))) rows.push(r)
    // each worker's latest row is the one just written (the demo's history comes first)
    expect(rows.filter((r) => r.name === '孙鹏').at(-1)).toMatchObject({ timeliness: '逾期确认（超期3天）' })
    expect(rows.filter((r) => r.name === '韩小军').at(-1)).toMatchObject({ timeliness: '按期确认' })
  })

  it('the worker’s 确认书 says so, with the deadline', async () => {
    const k = await getAcknowledgement(contextFor(t.db, sun), lateAck)
    expect(k).toMatchObject({ lateDays: 3, timeliness: '逾期确认（超期3天）' })
    expect(k.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('the home figures show the on-time rate beside the completion rate', async () => {
    const o = await homeOverview(contextFor(t.db, admin))
    const area = o.areas.find((a) => a.name === '签字确认')!
    const m = /完成率 (\d+)%，按期率 (\d+)%/.exec(area.note)
    expect(m).not.toBeNull()
    expect(Number(m![2])).toBeLessThan(Number(m![1]))
    expect(o.figures.lateConfirmations).toBe(baseLate + 1)
    expect(o.items.find((i) => i.no === 1)).toBeTruthy()
  })
})
