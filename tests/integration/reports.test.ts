import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  draftReport,
  listReports,
  publishedReportsFor,
  readReportAsRegulator,
  signAndPublish,
} from '../../app/modules/reports/reports.server'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { contextFor } from '../../app/db.server'

let t: TestDatabase
const client = { ip: '203.0.113.9', userAgent: 'vitest' }
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(() => t.destroy())

describe('status reports', () => {
  it('are drafted by the admin, published only by the 主要负责人, frozen, and read by regulators in scope with a log', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const id = await draftReport(contextFor(t.db, admin, client))
    const hs = (admin as { enterpriseId: string }).enterpriseId
    const yjj = await actorOf(t.db, 'jz_yjj')
    // the demo's monthly reports are there; this draft is not
    expect((await publishedReportsFor(contextFor(t.db, yjj), hs)).map((r) => r.id)).not.toContain(id)
    await expect(readReportAsRegulator(contextFor(t.db, yjj, client), hs, id)).rejects.toMatchObject({ status: 404 }) // not published yet

    await expect(signAndPublish(contextFor(t.db, await actorOf(t.db, 'hs_vp_safety'), client), id)).rejects.toMatchObject({ status: 403 })
    await expect(signAndPublish(contextFor(t.db, admin, client), id)).rejects.toMatchObject({ status: 403 })
    expect(await signAndPublish(contextFor(t.db, await actorOf(t.db, 'hs_head'), client), id)).toEqual({ ok: true })
    await expect(sql`update status_reports set snapshot = '{}'::jsonb`.execute(t.owner)).rejects.toThrow(/frozen/)
    await expect(sql`delete from status_reports`.execute(t.owner)).rejects.toThrow(/frozen/)

    expect((await publishedReportsFor(contextFor(t.db, yjj), hs))[0]?.id).toBe(id)
    const report = await readReportAsRegulator(contextFor(t.db, yjj, client), hs, id)
    expect(report.snapshot.items).toHaveLength(20)
    const { views } = await listReports(contextFor(t.db, admin))
    expect(views).toMatchObject([{ department_name: '晋中市应急管理局' }])

    await expect(readReportAsRegulator(contextFor(t.db, await actorOf(t.db, 'jz_zjj'), client), hs, id)).rejects.toMatchObject({
      status: 404,
    })
    await expect(readReportAsRegulator(contextFor(t.db, await actorOf(t.db, 'ty_yjj'), client), hs, id)).rejects.toMatchObject({
      status: 404,
    })
    await expect(sql`delete from report_views`.execute(t.owner)).rejects.toThrow(/append-only/)
  })
})
