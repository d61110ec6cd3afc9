import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import type { EvidenceOwnerKind } from '../../db/types'
import { contextFor } from '../../app/db.server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDrillParticipants, createPlan, recordDrill } from '../../app/modules/drills/drills.server'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { declareItem } from '../../app/modules/obligations/obligations.server'
import { draftReport, signAndPublish } from '../../app/modules/reports/reports.server'
import { addCertificate, attachSessionEvidence, createSession } from '../../app/modules/training/training.server'
import { loader as dossierLoader } from '../../app/routes/regulator.enterprises.$enterpriseId._index'
import { loader as listLoader } from '../../app/routes/regulator.enterprises.$enterpriseId.lists.$versionId'
import { loader as evidenceLoader } from '../../app/routes/regulator.evidence.$enterpriseId.$fileId'
import { actorOf, publishList } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, run, statusOf } from './requests'

// 一企一档: what a regulator in scope reads of 华晟化工 (every read in its 查阅记录), and that a 住建局
// regulator — out of scope for a chemical plant — reaches none of it, nor any file, through the new URLs.

let t: TestDatabase
let dir: string
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 1)])
const HYDRO = '特种作业操作证（危险化学品安全作业·加氢工艺作业）'

let hs: string
const records = { training: '', certificate: '', plan: '', drill: '' }
const files = { training: '', certificate: '', plan: '', drill: '', obligation: '', otherEnterprise: '' }
let versionId = ''
let oldVersionId = ''

const fileOf = async (kind: EvidenceOwnerKind, id: string) =>
  (
    await t.db
      .selectFrom('evidence_files')
      .select('id')
      .where('owner_kind', '=', kind)
      .where('owner_id', '=', id)
      .orderBy('uploaded_at')
      .executeTakeFirstOrThrow()
  ).id
const views = async () =>
  t.db.selectFrom('report_views').select(['subject', 'department_name']).where('enterprise_id', '=', hs).orderBy('viewed_at').execute()

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-dossier-'))
  useEvidenceStore(localStore(dir))
  const admin = await actorOf(t.db, 'hs_admin')
  if (admin.kind !== 'enterprise') throw new Error('admin')
  hs = admin.enterpriseId
  const sun = await t.db.selectFrom('users').select('employee_id').where('phone', '=', '17735418902').executeTakeFirstOrThrow()

  const session = await createSession(
    contextFor(t.db, admin),
    {
      topic: '加氢装置年度再培训',
      kind: '年度再培训',
      level: null,
      status: 'held',
      heldOn: '2026-10-12',
      hours: 8,
      trainer: '王工',
      place: '培训室',
      assessment: '笔试',
    },
    [sun.employee_id!],
  )
  if (!session.ok) throw new Error('session')
  records.training = session.sessionId
  expect(
    await attachSessionEvidence(contextFor(t.db, admin), session.sessionId, [{ slot: 'signin', name: '签到表.pdf', bytes: PDF }]),
  ).toEqual({
    ok: true,
  })
  files.training = await fileOf('training', records.training)

  const cert = await addCertificate(
    contextFor(t.db, admin),
    {
      employeeId: sun.employee_id!,
      kind: HYDRO,
      number: 'T140702199001011234',
      authority: '山西省应急管理厅',
      issuedOn: '2024-03-05',
      expiresOn: '2030-03-05',
      reviewDueOn: null,
    },
    [{ name: '证书.png', bytes: PNG }],
  )
  if (!cert.ok) throw new Error(JSON.stringify(cert.fieldErrors))
  records.certificate = cert.certificateId
  files.certificate = await fileOf('certificate', records.certificate)

  const plan = await createPlan(
    contextFor(t.db, admin),
    { kind: '现场处置方案', title: '加氢装置泄漏现场处置方案', version: '2026版', issuedOn: '2026-03-01', filedOn: null, reviewedOn: null },
    [{ name: '预案.pdf', bytes: PDF }],
  )
  if (!plan.ok) throw new Error('plan')
  records.plan = plan.planId
  files.plan = await fileOf('plan', records.plan)

  const drill = await recordDrill(
    contextFor(t.db, admin),
    { planId: plan.planId, heldOn: '2026-11-10', form: '实战', participants: 12, summary: '加氢装置泄漏处置实战演练' },
    [
      { slot: 'scheme', name: '演练方案.pdf', bytes: PDF },
      { slot: 'script', name: '演练脚本.pdf', bytes: PDF },
      { slot: 'assessment', name: '评估报告.pdf', bytes: PDF },
    ],
  )
  if (!drill.ok) throw new Error('drill')
  records.drill = drill.drillId
  files.drill = await fileOf('drill', records.drill)
  expect(await addDrillParticipants(contextFor(t.db, admin), drill.drillId, [sun.employee_id!])).toEqual({ ok: true })

  // a twenty-item file (reachable only behind a report) and another enterprise's file
  await declareItem(
    contextFor(t.db, admin),
    3,
    { status: '已落实', reason: null, responsible: '安全环保部', note: '', reviewedOn: '2026-11-01', nextReviewOn: null },
    [{ name: '制度.pdf', bytes: PDF }],
  )
  files.obligation = (
    await t.db
      .selectFrom('evidence_files')
      .select('id')
      .where('enterprise_id', '=', hs)
      .where(sql<boolean>`owner_kind like 'obligation-%'`)
      .executeTakeFirstOrThrow()
  ).id
  const jjAdmin = await actorOf(t.db, 'jj_admin')
  const jjSession = await createSession(
    contextFor(t.db, jjAdmin),
    {
      topic: '脚手架作业培训',
      kind: '年度再培训',
      level: null,
      status: 'held',
      heldOn: '2026-10-12',
      hours: 4,
      trainer: '李工',
      place: '工地',
      assessment: '',
    },
    [],
  )
  if (!jjSession.ok) throw new Error('jj session')
  await attachSessionEvidence(contextFor(t.db, jjAdmin), jjSession.sessionId, [{ slot: 'signin', name: '晋建签到表.pdf', bytes: PDF }])
  files.otherEnterprise = await fileOf('training', jjSession.sessionId)

  // 孙鹏's post: a list published, then re-published (the first becomes history)
  const post = await t.db
    .selectFrom('assignments as a')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
    .select('p.name')
    .where('a.employee_id', '=', sun.employee_id!)
    .where('a.end_on', 'is', null)
    .executeTakeFirstOrThrow()
  oldVersionId = await publishList(t.db, post.name)
  versionId = await publishList(t.db, post.name)

  const report = await draftReport(contextFor(t.db, admin))
  expect(await signAndPublish(contextFor(t.db, await actorOf(t.db, 'hs_head')), report)).toEqual({ ok: true })
}, 120_000)

afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const evidenceUrl = (fileId: string, query: string, enterpriseId = hs) => `/regulator/evidence/${enterpriseId}/${fileId}?${query}`

describe('一企一档', () => {
  it('is out of reach of a 住建局 regulator: the page, the lists and every file are 404, and nothing is logged', async () => {
    const zjj = await cookieFor(t.db, 'jz_zjj')
    const before = (await views()).length
    expect(statusOf(await run(dossierLoader, get(`/regulator/enterprises/${hs}`, zjj), { enterpriseId: hs }))).toBe(404)
    for (const id of [versionId, oldVersionId]) {
      expect(
        statusOf(await run(listLoader, get(`/regulator/enterprises/${hs}/lists/${id}`, zjj), { enterpriseId: hs, versionId: id })),
      ).toBe(404)
    }
    for (const kind of ['training', 'certificate', 'plan', 'drill'] as const) {
      const url = evidenceUrl(files[kind], `${kind}=${records[kind]}`)
      expect(statusOf(await run(evidenceLoader, get(url, zjj), { enterpriseId: hs, fileId: files[kind] })), url).toBe(404)
    }
    expect((await views()).length).toBe(before)
  })

  it('shows a 应急管理局 regulator every area, masked, and logs each read in 华晟化工’s 查阅记录', async () => {
    const yjj = await cookieFor(t.db, 'jz_yjj')
    const page = dataOf<any>(await run(dossierLoader, get(`/regulator/enterprises/${hs}`, yjj), { enterpriseId: hs }))
    expect(page.profile.name).toBe('晋中市华晟化工有限公司')
    expect(JSON.stringify(page.profile.supervisors)).toContain('晋中市应急管理局')
    const sunPost = page.lists.posts.find((p: any) => p.current?.id === versionId)
    expect(sunPost.history.map((h: any) => h.id)).toContain(oldVersionId)
    expect(page.reports.reports.at(-1).ledgerAnchor.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(page.reports.reports.at(-1).confirmations.required).toBeGreaterThan(0)
    expect(page.reports.series.map((s: any) => s.name)).toEqual(['责任制', '签字确认', '培训与持证', '预案与演练', '其他条款', '整改指令'])
    const session = page.training.sessions.find((s: any) => s.id === records.training)
    expect(session.files.map((f: any) => f.id)).toEqual([files.training])
    const cert = page.training.certificates.find((c: any) => c.id === records.certificate)
    expect(cert.number).toBe('T140702********1234') // the 身份证号 inside a 特种作业操作证 number is masked
    expect(cert.files.map((f: any) => f.id)).toEqual([files.certificate])
    expect(page.drills.plans.find((p: any) => p.id === records.plan).files.map((f: any) => f.id)).toEqual([files.plan])
    expect(
      page.drills.drills
        .find((d: any) => d.id === records.drill)
        .files.map((f: any) => f.slotLabel)
        .sort(),
    ).toEqual(['演练方案', '演练脚本', '评估报告'].sort())
    // no phone numbers of people anywhere on the page
    // (a number standing alone: ids and hashes may hold eleven digits in a row by chance)
    expect(JSON.stringify(page)).not.toMatch(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/)

    const list = dataOf<any>(
      await run(listLoader, get(`/regulator/enterprises/${hs}/lists/${oldVersionId}`, yjj), {
        enterpriseId: hs,
        versionId: oldVersionId,
      }),
    )
    expect(list.version.status).toBe('superseded')
    expect(list.items.length).toBeGreaterThan(0)

    for (const kind of ['training', 'certificate', 'plan', 'drill'] as const) {
      const res = await run(evidenceLoader, get(evidenceUrl(files[kind], `${kind}=${records[kind]}`), yjj), {
        enterpriseId: hs,
        fileId: files[kind],
      })
      expect(statusOf(res), kind).toBe(200)
      expect(Buffer.from(await (res as Response).arrayBuffer()).subarray(0, 4).length).toBe(4)
    }
    const subjects = (await views()).filter((v) => v.department_name === '晋中市应急管理局').map((v) => v.subject)
    expect(subjects).toEqual(
      expect.arrayContaining([
        '一企一档',
        expect.stringMatching(/^责任清单：.+ v\d+$/),
        '培训记录附件：签到表.pdf',
        '证书附件：证书.png',
        '应急预案附件：预案.pdf',
        '演练记录附件：演练方案.pdf',
      ]),
    )
  })

  it('opens only a file of the record named, of this enterprise: anything else by URL is 404', async () => {
    const yjj = await cookieFor(t.db, 'jz_yjj')
    const before = (await views()).length
    const tries = [
      evidenceUrl(files.training, `drill=${records.drill}`), // a file of another record
      evidenceUrl(files.drill, `training=${records.training}`),
      evidenceUrl(files.obligation, `training=${records.training}`), // a twenty-item file, outside any report
      evidenceUrl(files.obligation, `plan=${hs}`), // the owner id of the twenty items' files is the enterprise
      evidenceUrl(files.otherEnterprise, `training=${records.training}`), // another enterprise's file under this one
      evidenceUrl(files.training, `training=${records.training}&drill=${records.drill}`),
      evidenceUrl(files.training, `session=${records.training}`),
    ]
    for (const url of tries) {
      expect(statusOf(await run(evidenceLoader, get(url, yjj), { enterpriseId: hs, fileId: url.split('/')[4]!.split('?')[0]! })), url).toBe(
        404,
      )
    }
    // the 住建局's own enterprise 晋建 is in its scope, but 华晟化工's records are not reachable through it
    const jj = (await actorOf(t.db, 'jj_admin')) as { enterpriseId: string }
    const zjj = await cookieFor(t.db, 'jz_zjj')
    const cross = evidenceUrl(files.training, `training=${records.training}`, jj.enterpriseId)
    expect(statusOf(await run(evidenceLoader, get(cross, zjj), { enterpriseId: jj.enterpriseId, fileId: files.training }))).toBe(404)
    expect((await views()).length).toBe(before)
  })
})
