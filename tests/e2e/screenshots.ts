// Full-page screenshots of the main screens, for a person to look at:
//   npm run build && npx tsx tests/e2e/screenshots.ts
// Writes PNGs to .tmp/shots/ (desktop 1280 px wide, the worker's page at 375 px).
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { demoEnterprises } from '../../seeds/demo'
import { launchBrowser } from './browser'
import { startServer, type RunningServer } from './server'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const outDir = path.join(root, '.tmp/shots')
const PASSWORD = 'Anzetong@2026'
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 375, height: 740 }
const TIMEOUT = 60_000

const huasheng = demoEnterprises.find((e) => e.key === 'huasheng')!
const workerPhone = huasheng.accounts.find((a) => a.role === 'worker')!.phone!

const saved: string[] = []

async function shot(page: Page, name: string) {
  const file = path.join(outDir, `${name}.png`)
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.screenshot({ path: file, fullPage: true })
  saved.push(file)
  console.log(`saved ${path.relative(root, file)}`)
}

async function session(browser: Browser, server: RunningServer, viewport = DESKTOP) {
  const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  context.setDefaultTimeout(30_000)
  context.setDefaultNavigationTimeout(TIMEOUT)
  const page = await context.newPage()
  return { page, close: () => context.close() }
}

async function signIn(page: Page, identifier: string, home: string) {
  await page.goto('/login')
  await page.locator('input[name=identifier]').fill(identifier)
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL((u) => u.pathname === home, { timeout: TIMEOUT })
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出' }).click()
  await page.waitForURL((u) => u.pathname === '/login', { timeout: TIMEOUT })
}

async function main() {
  await mkdir(outDir, { recursive: true })
  const server = await startServer()
  let browser: Browser | null = null
  try {
    browser = await launchBrowser()

    // sign-in page (signed out)
    {
      const { page, close } = await session(browser, server)
      await page.goto('/login')
      await shot(page, '01-login')
      await close()
    }

    // enterprise admin: home, and the profile form showing a validation error
    {
      const { page, close } = await session(browser, server)
      await signIn(page, 'hs_admin', '/enterprise')
      await shot(page, '02-enterprise-home')
      await page.goto('/enterprise/profile')
      await page.locator('input[name=phone]').fill('12345')
      await page.getByRole('button', { name: '保存' }).click()
      await page.locator('#f-phone-error').waitFor({ timeout: TIMEOUT })
      await shot(page, '03-enterprise-profile-error')
      await signOut(page)
      await close()
    }

    // worker on a phone
    {
      const { page, close } = await session(browser, server, PHONE)
      await signIn(page, workerPhone, '/me')
      await shot(page, '04-worker-me-375')
      await signOut(page)
      await close()
    }

    // regulator: list and one enterprise
    {
      const { page, close } = await session(browser, server)
      await signIn(page, 'jz_yjj', '/regulator/enterprises')
      await page.locator('table.data tbody tr').first().waitFor()
      await shot(page, '05-regulator-enterprises')
      await page.locator('table.data tbody tr td:first-child a').first().click()
      await page.waitForURL((u) => /^\/regulator\/enterprises\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: TIMEOUT })
      await page.getByRole('link', { name: '返回企业列表' }).waitFor()
      await shot(page, '06-regulator-enterprise-detail')
      await signOut(page)
      await close()
    }

    // platform admin: enterprises, new enterprise, regulator accounts
    {
      const { page, close } = await session(browser, server)
      await signIn(page, 'platform', '/platform/enterprises')
      await shot(page, '07-platform-enterprises')
      await page.goto('/platform/enterprises/new')
      await page.getByRole('heading', { name: '新建企业' }).waitFor()
      await shot(page, '08-platform-enterprise-new')
      await page.goto('/platform/regulators')
      await shot(page, '09-platform-regulators')
      await signOut(page)
      await close()
    }

    // 全员安全生产责任制: posts, a draft from the template, the roster and an import preview
    {
      const { page, close } = await session(browser, server)
      await signIn(page, 'hs_admin', '/enterprise')
      await page.goto('/enterprise/posts')
      await shot(page, '11-posts')
      await page.goto('/enterprise/posts/new')
      await shot(page, '12-post-new')
      await page.goto('/enterprise/posts?q=' + encodeURIComponent('专职安全员'))
      await page.locator('table.data tbody a').first().click()
      await page.waitForURL(/\/enterprise\/posts\/[0-9a-f-]{36}/)
      const postUrl = new URL(page.url()).pathname
      await page.getByRole('button', { name: /模板生成清单|修订清单/ }).click()
      await page.getByText('已按模板生成清单草稿').waitFor()
      await shot(page, '13-post-draft')
      await page.getByRole('button', { name: '提交审批' }).click()
      await page.getByText('已提交审批。').waitFor()
      await page.goto('/enterprise/roster')
      await shot(page, '14-roster')
      await page.getByLabel('选择花名册文件').setInputFiles(path.join(root, 'tests/fixtures/roster-bad-rows.xlsx'))
      await page.getByRole('button', { name: '上传并预览' }).click()
      await page.getByText('文件中有错误').waitFor()
      await shot(page, '15-import-preview-errors')
      await close()
      for (const who of ['hs_safety_head', 'hs_vp_safety', 'hs_head']) {
        const s2 = await session(browser, server)
        await signIn(s2.page, who, '/enterprise')
        if (who === 'hs_safety_head') await shot(s2.page, '16-head-home-approvals')
        await s2.page.goto(postUrl)
        if (who === 'hs_safety_head') await shot(s2.page, '17-post-approval')
        await s2.page.getByRole('button', { name: '同意并签字' }).click()
        await s2.page.getByRole('button', { name: '确认签字' }).click()
        await s2.page.getByText('已审批通过。').waitFor()
        await s2.close()
      }
      const s3 = await session(browser, server)
      await signIn(s3.page, 'hs_admin', '/enterprise')
      await s3.page.goto(postUrl + '/notice')
      await shot(s3.page, '18-notice')
      await s3.page.goto('/enterprise/duty-document')
      await shot(s3.page, '19-duty-document')
      await s3.close()
      const s4 = await session(browser, server, { width: 375, height: 740 })
      await signIn(s4.page, '17735418902', '/me')
      await shot(s4.page, '20-worker-me-375')
      await s4.page
        .getByRole('link', { name: /阅读并签字确认|查看责任清单/ })
        .first()
        .click()
      await s4.page.waitForURL(/\/me\/posts\//)
      await shot(s4.page, '21-worker-list-375')
      await s4.close()
    }

    // 签字确认: publish the operators' list, a worker signs on a phone, the officer's views
    {
      const admin = await session(browser, server)
      await signIn(admin.page, 'hs_admin', '/enterprise')
      await admin.page.goto('/enterprise/posts?q=' + encodeURIComponent('化工操作工'))
      await admin.page.locator('table.data tbody a').first().click()
      await admin.page.waitForURL(/\/enterprise\/posts\/[0-9a-f-]{36}/)
      const postUrl = new URL(admin.page.url()).pathname
      await admin.page.getByRole('button', { name: /模板生成清单|修订清单/ }).click()
      await admin.page.getByRole('button', { name: '提交审批' }).click()
      await admin.page.getByText('已提交审批。').waitFor()
      for (const who of ['hs_team', 'hs_vp_prod', 'hs_head']) {
        const h = await session(browser, server)
        await signIn(h.page, who, '/enterprise')
        await h.page.goto(postUrl)
        await h.page.getByRole('button', { name: '同意并签字' }).click()
        await h.page.getByRole('button', { name: '确认签字' }).click()
        await h.page.getByText('已审批通过。').waitFor()
        await h.close()
      }
      const w = await session(browser, server, { width: 375, height: 740 })
      await signIn(w.page, '17735418902', '/me')
      await shot(w.page, '22-worker-me-due-375')
      await w.page.getByRole('link', { name: '阅读并签字确认' }).first().click()
      await w.page.waitForURL(/\/me\/posts\//)
      await shot(w.page, '23-worker-sign-375')
      await w.page.locator('input[name=read]').check()
      await w.page.locator('input[name=typedName]').fill('孙鹏')
      await w.page.getByRole('button', { name: '确认签字' }).click()
      await w.page.getByText('签字确认成功').waitFor()
      await shot(w.page, '24-worker-signed-375')
      await w.page.getByRole('link', { name: '查看确认书' }).click()
      await w.page.waitForURL(/\/acknowledgements\//)
      await shot(w.page, '25-acknowledgement-375')
      await w.close()
      await admin.page.goto('/enterprise/confirmations')
      await shot(admin.page, '26-confirmations')
      await admin.page.goto('/enterprise/invitations')
      await admin.page.locator('select[name=unitId]').selectOption({ label: '　合成车间' })
      await admin.page.getByRole('button', { name: '生成邀请单' }).click()
      await admin.page.locator('.invite-card').first().waitFor()
      await shot(admin.page, '27-invitations')
      await admin.page.goto('/enterprise/org')
      await shot(admin.page, '28-org')
      await admin.page.goto('/enterprise/posts')
      await shot(admin.page, '29-posts-after')
      await admin.page.goto('/enterprise/roster?q=' + encodeURIComponent('孙鹏'))
      await admin.page.locator('table.data tbody a').first().click()
      await admin.page.waitForURL(/\/enterprise\/roster\/[0-9a-f-]{36}/)
      await shot(admin.page, '30-employee')
      await admin.close()
    }

    // 教育培训, 证书, 预案与演练
    {
      const admin = await session(browser, server)
      await signIn(admin.page, 'hs_admin', '/enterprise')
      const p = admin.page
      await p.goto('/enterprise/training')
      await p.locator('input[name=topic]').fill('危险化学品泄漏应急处置')
      await p.locator('select[name=kind]').selectOption('年度再培训')
      await p.locator('input[name=hours]').fill('6')
      await p.locator('input[name=trainer]').fill('刘晓东')
      await p.locator('input[name=place]').fill('三楼培训室')
      await p.getByRole('button', { name: '保存，下一步登记参训人员' }).click()
      await p.getByText('培训已登记。').waitFor()
      await p.getByLabel('选择签到表文件').setInputFiles(path.join(root, 'tests/fixtures/attendance-signin.xlsx'))
      await p.getByRole('button', { name: '上传并预览' }).click()
      await p.getByText('全部检查通过').waitFor()
      await shot(p, '31-attendance-preview')
      await p.getByRole('button', { name: /确认导入/ }).click()
      await p.getByText('参训人员（3）').waitFor()
      await shot(p, '32-training-session')
      await p.goto('/enterprise/training')
      await shot(p, '33-training')
      await p.locator('table.data tbody a').first().click()
      await p.waitForURL(/\/enterprise\/training\/card\//)
      await shot(p, '34-training-card')
      await p.goto('/enterprise/certificates')
      await shot(p, '35-certificates')
      await p.goto('/enterprise/drills')
      await p.locator('select[name=kind]').selectOption('现场处置方案')
      await p.locator('input[name=title]').fill('加氢装置氢气泄漏现场处置方案')
      await p.locator('input[name=version]').fill('2026版')
      await p.locator('input[name=issuedOn]').fill('2026-03-01')
      await p.getByRole('button', { name: '登记' }).click()
      await p.getByText('预案已登记。').waitFor()
      await p.getByRole('link', { name: '记录演练' }).click()
      await shot(p, '36-drill-new')
      await p.locator('select[name=planId]').selectOption({ index: 1 })
      await p.locator('input[name=participants]').fill('25')
      await p.locator('textarea[name=summary]').fill('模拟加氢装置氢气泄漏，班组按现场处置方案处置')
      for (const [field, file] of [
        ['scheme', 'drill-scheme.pdf'],
        ['script', 'drill-script.pdf'],
        ['assessment', 'drill-assessment.pdf'],
      ]) {
        await p.locator(`input[name=${field}]`).setInputFiles(path.join(root, 'tests/fixtures/evidence', file!))
      }
      await p.getByRole('button', { name: '保存演练记录' }).click()
      await p.getByText('演练已记录。').waitFor()
      await shot(p, '37-drills')
      await admin.close()
    }

    // 404
    {
      const { page, close } = await session(browser, server)
      const res = await page.goto('/no-such-page')
      if (res?.status() !== 404) console.warn(`warning: /no-such-page answered ${res?.status()}, expected 404`)
      await shot(page, '10-not-found')
      await close()
    }
  } finally {
    await browser?.close().catch(() => {})
    await server.stop()
  }
  console.log(`\n${saved.length} screenshots in ${path.relative(root, outDir)}/`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
