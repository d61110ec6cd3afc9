import { contextFor } from '../../app/db.server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDrillParticipants, createPlan, myDrills, recordDrill } from '../../app/modules/drills/drills.server'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { addCertificate, createSession, myTraining } from '../../app/modules/training/training.server'
import { loader as meLoader } from '../../app/routes/me._index'
import { loader as certificateLoader } from '../../app/routes/me.certificates.$certificateId'
import { loader as drillLoader } from '../../app/routes/me.drills.$drillId'
import { loader as sessionLoader } from '../../app/routes/me.training.$sessionId'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { addDays, addYears } from '../../app/utils/calendar'
import { todayInShanghai } from '../../app/utils/dates'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, run, statusOf } from './requests'

// 我的履责: the worker sees their own hours, certificates and drills, and opens only their own records.

let t: TestDatabase
let dir: string
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])
const HYDRO = '特种作业操作证（危险化学品安全作业·加氢工艺作业）'
const SUN = '17735418902'
const HAN = '19834561277'
const ids = { sunCert: '', hanCert: '', sunSession: '', hanSession: '', drill: '' }
// dates follow the tests' clock (AZT_TEST_NOW): this test's session falls in the current year, even in its first weeks
const TODAY = todayInShanghai()
const Y = Number(TODAY.slice(0, 4))
const HELD_ON = addDays(TODAY, -49) < `${Y}-01-01` ? `${Y}-01-01` : addDays(TODAY, -49)
// within 90 days, not within 30
const EXPIRES_ON = addDays(TODAY, 46)

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-worker-file-'))
  useEvidenceStore(localStore(dir))
  const admin = await actorOf(t.db, 'hs_admin')
  const sun = await actorOf(t.db, SUN)
  const han = await actorOf(t.db, HAN)
  if (sun.kind !== 'enterprise' || han.kind !== 'enterprise') throw new Error('workers')
  const session = async (topic: string, who: string) => {
    const r = await createSession(
      contextFor(t.db, admin),
      {
        topic,
        kind: '年度再培训',
        level: null,
        status: 'held',
        heldOn: HELD_ON,
        hours: 4,
        trainer: '王工',
        place: '培训室',
        assessment: '',
      },
      [who],
    )
    if (!r.ok) throw new Error('session')
    return r.sessionId
  }
  ids.sunSession = await session('孙鹏参加的培训', sun.employeeId!)
  ids.hanSession = await session('韩小军参加的培训', han.employeeId!)
  const cert = async (employeeId: string, number: string, expiresOn: string) => {
    const r = await addCertificate(contextFor(t.db, admin), {
      employeeId,
      kind: HYDRO,
      number,
      authority: '山西省应急管理厅',
      issuedOn: addYears(expiresOn, -5), // valid for six years
      expiresOn,
      reviewDueOn: expiresOn,
    })
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors))
    return r.certificateId
  }
  ids.sunCert = await cert(sun.employeeId!, 'T-SUN-1', EXPIRES_ON)
  ids.hanCert = await cert(han.employeeId!, 'T-HAN-1', EXPIRES_ON)
  const plan = await createPlan(contextFor(t.db, admin), {
    kind: '现场处置方案',
    title: '加氢装置泄漏现场处置方案',
    version: `${Y}版`,
    issuedOn: addDays(TODAY, -274),
    filedOn: null,
    reviewedOn: null,
  })
  if (!plan.ok) throw new Error('plan')
  const drill = await recordDrill(
    contextFor(t.db, admin),
    { planId: plan.planId, heldOn: addDays(TODAY, -20), form: '桌面', participants: 5, summary: '桌面推演' },
    [
      { slot: 'scheme', name: '方案.pdf', bytes: PDF },
      { slot: 'script', name: '脚本.pdf', bytes: PDF },
      { slot: 'assessment', name: '评估.pdf', bytes: PDF },
    ],
  )
  if (!drill.ok) throw new Error('drill')
  ids.drill = drill.drillId
}, 120_000)

afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

describe('我的履责', () => {
  it('names drill participants from the enterprise only, once each, by the admin only', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const sun = await actorOf(t.db, SUN)
    const jjWorker = await actorOf(t.db, '18203546745')
    if (sun.kind !== 'enterprise' || jjWorker.kind !== 'enterprise') throw new Error('workers')
    expect(await addDrillParticipants(contextFor(t.db, admin), ids.drill, [jjWorker.employeeId!])).toEqual({
      ok: false,
      message: '参演人员须是本企业职工',
    })
    expect(await addDrillParticipants(contextFor(t.db, admin), ids.drill, ['x'])).toMatchObject({ ok: false })
    await expect(addDrillParticipants(contextFor(t.db, sun), ids.drill, [sun.employeeId!])).rejects.toMatchObject({ status: 403 })
    await expect(addDrillParticipants(contextFor(t.db, await actorOf(t.db, 'jj_admin')), ids.drill, [])).rejects.toMatchObject({
      status: 404,
    })
    expect(await myDrills(contextFor(t.db, sun))).toEqual([])
    await Promise.all([1, 2, 3].map(() => addDrillParticipants(contextFor(t.db, admin), ids.drill, [sun.employeeId!, sun.employeeId!])))
    const rows = await t.db.selectFrom('drill_participants').selectAll().where('drill_id', '=', ids.drill).execute()
    expect(rows).toHaveLength(1)
    expect((await myDrills(contextFor(t.db, sun))).map((d) => d.id)).toEqual([ids.drill])
  })

  it('shows the worker their hours against the requirement, certificates with warnings, and what to do first', async () => {
    const sun = await actorOf(t.db, SUN)
    const mine = await myTraining(contextFor(t.db, sun), Y, TODAY)
    // the demo's year gives 孙鹏 training and certificates of his own: this test's records come on top
    const hours = mine.hours!
    expect(hours.required).toBe(20)
    expect(hours.achieved).toBeGreaterThanOrEqual(4)
    expect(hours.shortfall).toBe(Math.max(0, 20 - hours.achieved))
    expect(mine.sessions.map((s) => s.topic)).toContain('孙鹏参加的培训')
    expect(mine.certificates.map((c) => [c.id, c.state])).toContainEqual([ids.sunCert, 'expiring90'])
    const page = dataOf<any>(await run(meLoader, get('/me', await cookieFor(t.db, SUN))))
    expect(page.training.certificates.map((c: any) => c.number)).toContain('T-SUN-1')
    const texts = page.todo.map((x: any) => x.text)
    const shortfall = `${Y} 年培训学时还差 ${hours.shortfall} 学时（已完成 ${hours.achieved} / 应完成 20）`
    if (hours.shortfall > 0) expect(texts).toContain(shortfall)
    else expect(texts.some((x: string) => x.includes('培训学时还差'))).toBe(false)
    expect(texts).toContain(`${HYDRO}将于 ${EXPIRES_ON} 到期（90天内）`)
  })

  it('opens only the worker’s own records: another worker’s certificate, session or drill is 404', async () => {
    const sun = await cookieFor(t.db, SUN)
    const han = await cookieFor(t.db, HAN)
    const jj = await cookieFor(t.db, '18203546745')
    const open = async (cookie: string) => ({
      cert: statusOf(await run(certificateLoader, get(`/me/certificates/${ids.sunCert}`, cookie), { certificateId: ids.sunCert })),
      session: statusOf(await run(sessionLoader, get(`/me/training/${ids.sunSession}`, cookie), { sessionId: ids.sunSession })),
      drill: statusOf(await run(drillLoader, get(`/me/drills/${ids.drill}`, cookie), { drillId: ids.drill })),
    })
    expect(await open(sun)).toEqual({ cert: 200, session: 200, drill: 200 })
    expect(await open(han)).toEqual({ cert: 404, session: 404, drill: 404 })
    expect(await open(jj)).toEqual({ cert: 404, session: 404, drill: 404 })
    // the session page shows the worker's own result, not who else attended
    const s = dataOf<any>(await run(sessionLoader, get(`/me/training/${ids.sunSession}`, sun), { sessionId: ids.sunSession }))
    expect(Object.keys(s)).not.toContain('attendees')
    expect(statusOf(await run(certificateLoader, get(`/me/certificates/${ids.hanCert}`, sun), { certificateId: ids.hanCert }))).toBe(404)
  })
})
