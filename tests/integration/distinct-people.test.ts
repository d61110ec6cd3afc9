import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor, withActor } from '../../app/db.server'
import { homeOverview } from '../../app/modules/obligations/obligations.server'
import { draftReport, signAndPublish } from '../../app/modules/reports/reports.server'
import { certificateOverview } from '../../app/modules/training/training.server'
import { todayInShanghai } from '../../app/utils/dates'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'

// Issue 13 #5: every "N 人" counts people, not requirements. A worker holding two posts that each
// need a certificate they lack is one person in 证书缺失 — on the home page, in the signed status
// report the regulators receive, and in the row the regulator dashboard reads. Runs on both engines.

let t: TestDatabase
const client = { ip: '127.0.0.1', userAgent: 'vitest' }

beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(() => t.destroy())

describe('people, not requirements', () => {
  it('a worker lacking certificates on two posts counts once in 证书缺失, at home, in the report and on the dashboard', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const head = await actorOf(t.db, 'hs_head')
    const hs = (admin as { enterpriseId: string }).enterpriseId
    const today = todayInShanghai()
    const before = await withActor(admin, client, (ctx) => homeOverview(ctx))
    const rowsBefore = (await withActor(admin, client, (ctx) => certificateOverview(ctx, today))).missing.length

    // two posts that require a certificate, one new worker holding both and no certificate at all
    const posts = await t.db
      .selectFrom('posts')
      .select(['id', 'name'])
      .where('enterprise_id', '=', hs)
      .where('archived_at', 'is', null)
      .where(sql<boolean>`cardinality(required_certificates) > 0`)
      .orderBy('name')
      .limit(2)
      .execute()
    expect(posts).toHaveLength(2)
    const worker = await t.db
      .insertInto('employees')
      .values({
        enterprise_id: hs,
        name: '两岗兼职工',
        employee_no: 'HS-TWO-POSTS',
        phone: '13900000077',
        employment_type: '正式',
        hired_on: '2026-01-05',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.db
      .insertInto('assignments')
      .values(posts.map((p) => ({ enterprise_id: hs, employee_id: worker.id, post_id: p.id, start_on: '2026-01-05', end_on: null })))
      .execute()

    const missing = (await withActor(admin, client, (ctx) => certificateOverview(ctx, today))).missing
    expect(missing.filter((m) => m.employeeId === worker.id).length).toBeGreaterThanOrEqual(2)
    expect(missing.length - rowsBefore).toBeGreaterThanOrEqual(2)

    const after = await withActor(admin, client, (ctx) => homeOverview(ctx))
    const people = new Set(missing.map((m) => m.employeeId)).size
    expect(after.figures.missingCertificates).toBe(people)
    expect(after.figures.missingCertificates).toBe(before.figures.missingCertificates + 1)
    expect(after.actions.map((a) => a.text)).toContain(`${people} 人岗位要求的证书缺失或过期`)
    expect(after.areas.find((a) => a.name === '培训与持证')!.note).toBe(`缺证 ${people} 人`)

    // the report the 主要负责人 signs, and the dashboard's row, carry the same number of people
    const reportId = await draftReport(contextFor(t.db, admin, client))
    expect((await withActor(head, client, (ctx) => signAndPublish(ctx, reportId))).ok).toBe(true)
    const report = await t.db.selectFrom('status_reports').select('snapshot').where('id', '=', reportId).executeTakeFirstOrThrow()
    expect(report.snapshot.figures!.missingCertificates).toBe(people)
    expect(report.snapshot.areas.find((a) => a.name === '培训与持证')!.note).toBe(`缺证 ${people} 人`)
    const status = await t.db
      .selectFrom('enterprise_report_status')
      .select(['missing_certificates', 'overdue_confirmations'])
      .where('enterprise_id', '=', hs)
      .executeTakeFirstOrThrow()
    expect(status.missing_certificates).toBe(people)
  })
})
