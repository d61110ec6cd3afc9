import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// Issue 10 part B in the browser: a head who is not the 主要负责人 sees no sign button and is refused
// if they post anyway; the 主要负责人 signs, and the printed report shows the anchored ledger head.
const app = useApp()

describe('signing authority', () => {
  it('the 分管安全副总 sees no 签字并发布 and is refused; the 主要负责人 signs and the report shows the ledger anchor', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await nav(admin, '状况报告').click()
    await admin.getByRole('button', { name: '编制本期报告' }).click()
    await admin.getByText('待主要负责人签字发布').waitFor()
    await admin.context().close()

    const deputy = await signedInPage(app, 'hs_vp_safety')
    await nav(deputy, '状况报告').click()
    await deputy.locator('table.data tbody a').first().click()
    await deputy.waitForURL(/\/enterprise\/reports\/[0-9a-f-]{36}$/)
    await deputy.getByText('待主要负责人签字发布').waitFor()
    await expect.poll(() => deputy.getByRole('button', { name: '签字并发布' }).count()).toBe(0)
    // posting anyway: the module refuses
    const url = new URL(deputy.url())
    const res = await deputy.request.post(url.pathname, { headers: { origin: url.origin }, form: { confirm: '1' } })
    expect(res.status()).toBe(403)
    expect(await res.text()).toContain('主要负责人')
    await deputy.reload()
    await deputy.getByText('待主要负责人签字发布').waitFor()
    await deputy.context().close()

    const head = await signedInPage(app, 'hs_head')
    await nav(head, '状况报告').click()
    await head.locator('table.data tbody a').first().click()
    await head.getByRole('button', { name: '签字并发布' }).click()
    // issue 13: the first click only shows what will be signed; the second signs
    const confirm = head.getByRole('region', { name: '确认签字并发布状况报告' })
    await confirm.getByText('签字人：').waitFor()
    await head.screenshot({ path: '/tmp/shots/confirm-report.png' })
    await confirm.getByRole('button', { name: '确认签字并发布' }).click()
    await head
      .getByText(/签字发布$/)
      .first()
      .waitFor()
    await head.getByText(/签字确认台账锚点（签字发布时冻结）：第 \d+ 条/).waitFor()
    await head.screenshot({ path: '/tmp/ta-report-anchor.png', fullPage: true })
    await head.context().close()
  })
})

describe('no signature in one click (issue 13)', () => {
  it('the 主要负责人 sees what the 自查 says before signing; the signed table shows who and when', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await admin.goto('/enterprise/self-checks')
    await admin.getByRole('button', { name: '开始自查' }).click()
    await admin.waitForURL(/\/enterprise\/self-checks\/[0-9a-f-]{36}$/)
    const url = new URL(admin.url()).pathname
    await admin.context().close()

    const head = await signedInPage(app, 'hs_head')
    await head.goto(url)
    await head.getByRole('button', { name: '主要负责人签字' }).click()
    const confirm = head.getByRole('region', { name: '确认签署主体责任二十条自查表' })
    // the tally of what the 自查 says (the demo has declared the items its records do not derive)
    await confirm.getByText(/已落实 \d+ 条/).waitFor()
    await head.screenshot({ path: '/tmp/shots/confirm-selfcheck.png' })
    // 取消 leaves it unsigned
    await confirm.getByRole('link', { name: '取消' }).click()
    await confirm.waitFor({ state: 'detached' })
    await head.getByText('待签字').first().waitFor()
    await head.getByRole('button', { name: '主要负责人签字' }).click()
    await confirm.getByRole('button', { name: '确认签字' }).click()
    await head
      .locator('.sign-name')
      .getByText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/)
      .waitFor()
    await head.context().close()
  })
})

describe('the confirm step without JavaScript', () => {
  it('a browser with JavaScript off sees the step and signs through it', async () => {
    const noScript = async (who: string) => {
      const context = await app.browser().newContext({ baseURL: app.server().url, javaScriptEnabled: false, locale: 'zh-CN' })
      context.setDefaultTimeout(30_000)
      const page = await context.newPage()
      await page.goto('/login')
      await page.locator('input[name=identifier]').fill(who)
      await page.locator('input[name=password]').fill('Anzetong@2026')
      await page.getByRole('button', { name: '登录' }).click()
      await page.waitForURL((url) => !url.pathname.startsWith('/login'))
      return page
    }
    const admin = await noScript('hs_admin')
    await admin.goto('/enterprise/reports')
    await admin.getByRole('button', { name: '编制本期报告' }).click()
    await admin.waitForURL(/\/enterprise\/reports\/[0-9a-f-]{36}$/)
    const url = new URL(admin.url()).pathname
    await admin.context().close()

    const head = await noScript('hs_head')
    await head.goto(url)
    await head.getByRole('button', { name: '签字并发布' }).click()
    await head.waitForURL(/confirm=1/)
    await head.getByRole('region', { name: '确认签字并发布状况报告' }).getByRole('button', { name: '确认签字并发布' }).click()
    await head.getByText(/主要负责人 赵志刚 于 .* 签字发布/).waitFor()
    await head.context().close()
  })
})
