import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { action as newDrillAction } from '../../app/routes/enterprise.drills.new'
import { action as planAction, loader as drillsLoader } from '../../app/routes/enterprise.drills._index'
import { loader as drillLoader } from '../../app/routes/enterprise.drills.$id'
import { loader as evidenceLoader } from '../../app/routes/evidence.$id'
import { createTestDatabase, type TestDatabase } from './helpers'
import { zipBomb } from './zip-bomb'
import { todayInShanghai } from '../../app/utils/dates'
import { cookieFor, dataOf, get, ORIGIN, post, run, statusOf } from './requests'

let t: TestDatabase
let admin: string
let other: string
let dir: string
let planId: string

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 1)])

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-evidence-'))
  useEvidenceStore(localStore(dir))
  admin = await cookieFor(t.db, 'hs_admin')
  other = await cookieFor(t.db, 'jj_admin')
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

function drillRequest(fields: Record<string, string>, files: Record<string, { name: string; bytes: Buffer }[]>, cookie = admin) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const [k, list] of Object.entries(files)) for (const f of list) form.append(k, new File([new Uint8Array(f.bytes)], f.name))
  return new Request(`${ORIGIN}/enterprise/drills/new`, {
    method: 'POST',
    headers: { host: 'localhost:3000', origin: ORIGIN, cookie },
    body: form,
  })
}

const storedFiles = () => readdirSync(dir, { recursive: true }).filter((f) => String(f).includes(path.sep)).length
const counts = async () => ({
  drills: (
    await t.db
      .selectFrom('drills')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
  evidence: (
    await t.db
      .selectFrom('evidence_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
})

describe('emergency plans and drills', () => {
  it('registers a plan, refusing a filing date before the issue date', async () => {
    const bad = await run(
      planAction,
      post(
        '/enterprise/drills',
        {
          kind: '现场处置方案',
          title: '加氢装置泄漏现场处置方案',
          version: '2026版',
          issuedOn: '2026-03-01',
          filedOn: '2026-02-01',
          reviewedOn: '',
        },
        admin,
      ),
    )
    expect(dataOf<any>(bad).fieldErrors).toEqual({ filedOn: '备案日期不能早于发布日期' })
    expect(
      statusOf(
        await run(
          planAction,
          post(
            '/enterprise/drills',
            {
              kind: '现场处置方案',
              title: '加氢装置泄漏现场处置方案',
              version: '2026版',
              issuedOn: '2026-03-01',
              filedOn: '',
              reviewedOn: '',
            },
            admin,
          ),
        ),
      ),
    ).toBe(302)
    const d = dataOf<any>(await run(drillsLoader, get('/enterprise/drills', admin)))
    // the demo's own plans are listed too: this test's plan is found by its title
    const plan = d.plans.find((p: any) => p.title === '加氢装置泄漏现场处置方案')
    planId = plan.id
    expect(plan).toMatchObject({ lastDrill: null, filingDue: '2026-03-27' })
  })

  it('refuses a forged extension, an oversized file and a zip bomb disguised as .xlsx, storing nothing', async () => {
    const before = await counts()
    const fields = { planId, heldOn: todayInShanghai(), form: '实战', participants: '25', summary: '模拟加氢装置氢气泄漏，班组现场处置' }
    const forged = await run(
      newDrillAction,
      drillRequest(fields, {
        scheme: [{ name: '演练方案.pdf', bytes: Buffer.from('这其实是一个文本文件') }],
        script: [{ name: 's.pdf', bytes: PDF }],
        assessment: [{ name: 'a.pdf', bytes: PDF }],
      }),
    )
    expect(dataOf<any>(forged).fieldErrors.scheme).toBe(
      '「演练方案.pdf」不是允许的文件类型（此处只接受 PDF（.pdf）、JPG 图片（.jpg）、PNG 图片（.png）、Word 文档（.docx）、Excel 表格（.xlsx）），请转换后再上传',
    )
    const big = await run(
      newDrillAction,
      drillRequest(fields, {
        scheme: [{ name: 'big.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024)]) }],
        script: [{ name: 's.pdf', bytes: PDF }],
        assessment: [{ name: 'a.pdf', bytes: PDF }],
      }),
    )
    expect(dataOf<any>(big).fieldErrors.scheme).toBe('「big.pdf」超过 20 MB，请压缩或拆分后再上传')
    const bomb = await run(
      newDrillAction,
      drillRequest(fields, {
        scheme: [{ name: 's.pdf', bytes: PDF }],
        script: [{ name: '演练脚本.xlsx', bytes: zipBomb('xl/workbook.xml', 150) }],
        assessment: [{ name: 'a.pdf', bytes: PDF }],
      }),
    )
    expect(dataOf<any>(bomb).fieldErrors.script).toBe('「演练脚本.xlsx」解压后过大（疑似压缩炸弹），已拒绝')
    const missing = await run(newDrillAction, drillRequest(fields, { scheme: [{ name: 's.pdf', bytes: PDF }] }))
    expect(dataOf<any>(missing).fieldErrors).toMatchObject({ script: '请上传演练脚本', assessment: '请上传评估报告' })
    expect(await counts()).toEqual(before)
    expect(storedFiles()).toBe(0)
  })

  it('records a drill with its three files and photos, and the next due date moves', async () => {
    // held today (the tests' clock): in this period whatever the date, even on 1 January
    const today = todayInShanghai()
    const before = dataOf<any>(await run(drillsLoader, get('/enterprise/drills', admin)))
    const onsite = before.requirements.find((r: any) => r.requirement === 'onsite')
    expect(onsite.doneThisPeriod).toBe(false)
    const res = (await run(
      newDrillAction,
      drillRequest(
        { planId, heldOn: today, form: '实战', participants: '25', summary: '模拟加氢装置氢气泄漏，班组现场处置' },
        {
          scheme: [{ name: '演练方案.pdf', bytes: PDF }],
          script: [{ name: '演练脚本.pdf', bytes: PDF }],
          assessment: [{ name: '评估报告.pdf', bytes: PDF }],
          photo: [
            { name: '现场1.png', bytes: PNG },
            { name: '现场2.png', bytes: PNG },
          ],
        },
      ),
    )) as Response
    expect(res.status).toBe(302)
    const after = dataOf<any>(await run(drillsLoader, get('/enterprise/drills', admin)))
    const moved = after.requirements.find((r: any) => r.requirement === 'onsite')
    expect(moved).toMatchObject({ doneThisPeriod: true, lastHeldOn: today, overdue: false })
    expect(moved.nextDue > onsite.nextDue).toBe(true)
    expect(after.drills[0].evidence.length).toBeGreaterThan(0)
    expect(after.drills[0].evidence.every((e: any) => e.present)).toBe(true)
    expect(after.plans.find((p: any) => p.id === planId).lastDrill).toBe(today)
    expect(storedFiles()).toBe(5)
  })

  it('serves evidence only to its own enterprise: another enterprise’s URL is a 404', async () => {
    const drill = await t.db.selectFrom('drills').select('id').where('plan_id', '=', planId).executeTakeFirstOrThrow()
    const page = dataOf<any>(await run(drillLoader, get('/x', admin), { id: drill.id }))
    const pdf = page.files.find((f: any) => f.slot === 'scheme')
    const res = (await run(evidenceLoader, get(`/evidence/${pdf.id}`, admin), { id: pdf.id })) as Response
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toMatch(/^inline/)
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true)
    expect(statusOf(await run(evidenceLoader, get(`/evidence/${pdf.id}`, other), { id: pdf.id }))).toBe(404)
    expect(statusOf(await run(drillLoader, get('/x', other), { id: drill.id }))).toBe(404)
    const worker = await cookieFor(t.db, '17735418902')
    expect(statusOf(await run(evidenceLoader, get(`/evidence/${pdf.id}`, worker), { id: pdf.id }))).toBe(403)
  })
})
