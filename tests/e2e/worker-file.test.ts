import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { contextFor } from '../../app/db.server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmList } from '../../app/modules/acknowledgements/acknowledgements.server'
import { addDrillParticipants, createPlan, recordDrill } from '../../app/modules/drills/drills.server'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { draftReport, signAndPublish } from '../../app/modules/reports/reports.server'
import { addCertificate, createSession } from '../../app/modules/training/training.server'
import { migrateToLatest, openDatabase } from '../../db/client'
import { seedDatabase } from '../../seeds/seed'
import { actorOf, publishList } from '../integration/duty-helpers'
import { launchBrowser } from './browser'
import { DEMO_PASSWORD } from './harness'
import { todayInShanghai } from '../../app/utils/dates'
import { startServer, type RunningServer } from './server'

// 我的履责 on a 375 px phone: the demo worker 孙鹏 sees his hours, his certificates (one due within 30
// days) and a list waiting for re-confirmation, each opening its record, with no horizontal scrolling;
// the 确认书 reads on the phone; the sign-in page says how to get an account. Then 一企一档 of 华晟化工
// as the 应急管理局 sees it. The records are made here, through the modules, in the server's embedded
// database before it starts (the demo data's volume is not relied on). Screenshots go to .tmp/shots/.

const PHONE = { width: 375, height: 812 }
const DESKTOP = { width: 1280, height: 900 }
const SUN = '17735418902'
const HYDRO = '特种作业操作证（危险化学品安全作业·加氢工艺作业）'
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])
const shots = path.resolve(__dirname, '../../.tmp/shots')
// dated from the tests' clock (AZT_TEST_NOW): the certificate the journey adds expires in 20 days
const TODAY = todayInShanghai()
const Y = Number(TODAY.slice(0, 4))
const inDays = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const EXPIRING = inDays(20)

/** A drawn signature as the phone's signature pad sends it: a 600×200 PNG with a stroke across it. */
function signaturePng(): string {
  const width = 600
  const height = 200
  const rows = Buffer.alloc((width * 4 + 1) * height, 255)
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0
    const x0 = Math.round(40 + y * 2.5)
    for (let x = x0; x < Math.min(width, x0 + 6); x++) rows.fill(0, y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 4 + x * 4)
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(body) >>> 0)
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 6, 0, 0, 0], 8)
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
  return `data:image/png;base64,${png.toString('base64')}`
}

let server: RunningServer
let browser: Browser
let tempDir: string
let hs = ''
let postName = ''

async function prepare(dataDir: string, evidenceDir: string) {
  useEvidenceStore(localStore(evidenceDir))
  const handle = await openDatabase({ dataDir })
  try {
    const db = handle.db
    await migrateToLatest(db)
    await seedDatabase(db, { demo: true, onlyIfEmpty: true })
    const admin = await actorOf(db, 'hs_admin')
    const sun = await actorOf(db, SUN)
    if (admin.kind !== 'enterprise' || sun.kind !== 'enterprise' || !sun.employeeId) throw new Error('demo accounts')
    hs = admin.enterpriseId
    const session = await createSession(
      contextFor(db, admin),
      {
        topic: '加氢装置岗位安全再培训',
        kind: '年度再培训',
        level: null,
        status: 'held',
        heldOn: TODAY,
        hours: 6,
        trainer: '王工',
        place: '培训室',
        assessment: '笔试',
      },
      [sun.employeeId],
    )
    if (!session.ok) throw new Error('session')
    const cert = await addCertificate(contextFor(db, admin), {
      employeeId: sun.employeeId,
      kind: HYDRO,
      number: 'T140702199001011234',
      authority: '山西省应急管理厅',
      issuedOn: `${Number(EXPIRING.slice(0, 4)) - 6}${EXPIRING.slice(4)}`,
      expiresOn: EXPIRING,
      reviewDueOn: EXPIRING,
    })
    if (!cert.ok) throw new Error(JSON.stringify(cert.fieldErrors))
    const plan = await createPlan(contextFor(db, admin), {
      kind: '现场处置方案',
      title: '加氢装置泄漏现场处置方案',
      version: `${Y - 1}版`,
      issuedOn: `${Y - 1}-03-01`,
      filedOn: `${Y - 1}-03-10`,
      reviewedOn: null,
    })
    if (!plan.ok) throw new Error('plan')
    const drill = await recordDrill(
      contextFor(db, admin),
      { planId: plan.planId, heldOn: TODAY, form: '实战', participants: 12, summary: '加氢装置氢气泄漏处置实战演练，疏散与堵漏' },
      [
        { slot: 'scheme', name: '演练方案.pdf', bytes: PDF },
        { slot: 'script', name: '演练脚本.pdf', bytes: PDF },
        { slot: 'assessment', name: '评估报告.pdf', bytes: PDF },
      ],
    )
    if (!drill.ok) throw new Error('drill')
    await addDrillParticipants(contextFor(db, admin), drill.drillId, [sun.employeeId])
    // 孙鹏's post: published, confirmed by him, then published again — a re-confirmation is pending
    const post = await db
      .selectFrom('assignments as a')
      .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
      .select(['p.id', 'p.name'])
      .where('a.enterprise_id', '=', hs)
      .where('a.employee_id', '=', sun.employeeId)
      .where('a.end_on', 'is', null)
      .executeTakeFirstOrThrow()
    postName = post.name
    const first = await publishList(db, post.name)
    const confirmed = await confirmList(contextFor(db, sun), post.id, {
      versionId: first,
      signatureKind: 'drawn',
      signature: signaturePng(),
    })
    if (!confirmed.ok) throw new Error(confirmed.message)
    await publishList(db, post.name)
    const report = await draftReport(contextFor(db, admin))
    const published = await signAndPublish(contextFor(db, await actorOf(db, 'hs_head')), report)
    if (!published.ok) throw new Error(published.message)
  } finally {
    await handle.close()
  }
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'azt-worker-file-'))
  const dataDir = path.join(tempDir, 'pglite')
  const evidenceDir = path.join(tempDir, 'evidence')
  await prepare(dataDir, evidenceDir)
  server = await startServer({ pgliteDataDir: dataDir, env: { EVIDENCE_DIR: evidenceDir } })
  browser = await launchBrowser()
}, 300_000)

afterAll(async () => {
  await browser?.close().catch(() => {})
  await server?.stop()
  rmSync(tempDir, { recursive: true, force: true })
}, 60_000)

async function signedIn(who: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  context.setDefaultTimeout(30_000)
  context.setDefaultNavigationTimeout(60_000)
  const page = await context.newPage()
  await page.goto('/login')
  await page.locator('input[name=identifier]').fill(who)
  await page.locator('input[name=password]').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  return page
}

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)

describe('我的履责 on a phone', () => {
  it('the sign-in page says how to get an account and a reset', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: PHONE, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto('/login')
    const help = page.locator('.login-help')
    expect(await help.textContent()).toContain('邀请二维码')
    expect(await help.textContent()).toContain('重置二维码')
    expect(await noHorizontalScroll(page)).toBe(true)
    await page.screenshot({ path: path.join(shots, 'login-375.png'), fullPage: true })
    await context.close()
  })

  it('孙鹏 sees hours, certificates and a pending re-confirmation, each opening its record', async () => {
    const page = await signedIn(SUN, PHONE)
    expect(new URL(page.url()).pathname).toBe('/me')
    await page.locator('.verdict').waitFor()
    await page.screenshot({ path: path.join(shots, 'me-375.png'), fullPage: true })
    const todo = await page.locator('ol.todo').textContent()
    expect(todo).toContain(`${postName}责任清单已更新为`)
    expect(todo).toContain('重新确认')
    expect(todo).toContain(`${HYDRO}将于 ${EXPIRING} 到期（30天内）`)
    // the re-confirmation comes before anything less urgent
    const first = await page.locator('ol.todo li').first().textContent()
    expect(first).toMatch(/紧急|尽快/)
    expect(await page.locator('#posts').textContent()).toContain('需重新确认')
    const hours = await page.locator('#training .hours').textContent()
    expect(hours).toMatch(/\d+(\.\d)?\/ \d+ 学时/)
    expect(await page.locator('#training').textContent()).toContain('加氢装置岗位安全再培训')
    expect(await page.locator('#certificates').textContent()).toContain('30天内到期')
    expect(await page.locator('#drills').textContent()).toContain('加氢装置泄漏现场处置方案')
    expect(await noHorizontalScroll(page)).toBe(true)

    // each item opens its record
    // the demo's own 加氢 certificate of his is listed too: open the one expiring (listed first)
    await page.locator('#certificates').getByRole('link', { name: HYDRO }).first().click()
    await page.getByText('证书编号').waitFor()
    expect(await page.locator('.page-head h1').textContent()).toBe(HYDRO)
    expect(await noHorizontalScroll(page)).toBe(true)
    await page.screenshot({ path: path.join(shots, 'me-certificate-375.png'), fullPage: true })
    await page.goto('/me')
    await page.locator('#training').getByRole('link', { name: '加氢装置岗位安全再培训' }).click()
    await page.getByText('我的考核结果').waitFor()
    await page.goto('/me')
    await page.locator('#drills').getByRole('link', { name: '加氢装置泄漏现场处置方案' }).click()
    await page.getByText('演练概况').waitFor()
    await page.goto('/me')
    await page
      .locator('ol.todo')
      .getByRole('link', { name: /重新确认/ })
      .click()
    await page.waitForURL(/\/me\/posts\//)
    expect(await noHorizontalScroll(page)).toBe(true)
    await page.context().close()
  })

  it('the 确认书 reads on a phone: no label wraps one character per line', async () => {
    const page = await signedIn(SUN, PHONE)
    // the earlier confirmation's 确认书, opened from the worker's own page
    await page
      .locator('#confirmations')
      .getByRole('link', { name: new RegExp(`${postName}`) })
      .first()
      .click()
    await page.locator('table.signatures').waitFor()
    await page.screenshot({ path: path.join(shots, 'acknowledgement-375.png'), fullPage: true })
    // each label (确认人, 签名, 确认时间, 确认方式) sits on one line: its text's line boxes share one top
    const labelLines = await page.locator('table.signatures th').evaluateAll((ths) =>
      ths.map((th) => {
        const range = document.createRange()
        range.selectNodeContents(th)
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
      }),
    )
    expect(labelLines.length).toBeGreaterThan(0)
    for (const lines of labelLines) expect(lines).toBe(1)
    expect(await noHorizontalScroll(page)).toBe(true)
    await page.context().close()
  })
})

describe('一企一档', () => {
  it('the 应急管理局 sees 华晟化工’s whole file; the read is in its 查阅记录', async () => {
    const page = await signedIn('jz_yjj', DESKTOP)
    await page.goto(`/regulator/enterprises/${hs}`)
    // the demo's drills carry files of the same names: wait for the first
    await page.locator('#drills').getByText('演练方案：演练方案.pdf').first().waitFor()
    expect(await page.locator('#lists').textContent()).toContain(postName)
    expect(await page.locator('#training').textContent()).toContain('T140702********1234')
    expect(await page.locator('#reports figure.chart').count()).toBe(1)
    await page.screenshot({ path: path.join(shots, 'dossier-desktop.png'), fullPage: true })
    await page.setViewportSize(PHONE)
    await page.screenshot({ path: path.join(shots, 'dossier-375.png'), fullPage: true })
    await page.context().close()

    const admin = await signedIn('hs_admin', DESKTOP)
    await admin.goto('/enterprise/reports')
    await admin.getByText('一企一档').first().waitFor()
    await admin.context().close()
  })
})
