import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoEnterprises } from '../../seeds/demo'
import { fillSignIn, nav, newPage as newAppPage, PHONE, useApp } from './harness'

// End-to-end: the production build under remix-serve, driven by a real (headless) Chromium.
// One server and one browser for the file; every test gets its own browser context (own cookies)
// and signs out at its end, so the tests do not depend on their order.

const NAV_TIMEOUT = 60_000 // the embedded engine's first requests are slow

const huasheng = demoEnterprises.find((e) => e.key === 'huasheng')!
const firstWorker = huasheng.accounts.find((a) => a.role === 'worker')!
const firstWorkerEmployee = huasheng.employees.find((w) => w.key === firstWorker.employeeKey)!

const HUASHENG = '晋中市华晟化工有限公司'
const JINJIAN = '山西晋建建设工程有限公司'
const TONGDA = '晋中通达物流运输有限公司'
const XINYUAN = '太原市鑫源化工有限公司'

const app = useApp()
const newPage = (viewport?: { width: number; height: number }) => newAppPage(app, { viewport })

function pathOf(page: Page): string {
  return new URL(page.url()).pathname
}

async function signIn(page: Page, identifier: string, expectedPath: string) {
  await fillSignIn(page, identifier)
  await page.waitForURL((u) => u.pathname === expectedPath, { timeout: NAV_TIMEOUT })
  await page.getByRole('button', { name: '退出' }).waitFor()
}

/** The session cookie the browser holds now (to replay it after sign-out). */
async function sessionCookieHeader(page: Page): Promise<string> {
  const cookies = await page.context().cookies(app.server().url)
  const session = cookies.filter((c) => c.name.includes('azt_session') && c.value)
  expect(session, 'a session cookie after sign-in').toHaveLength(1)
  return `${session[0]!.name}=${session[0]!.value}`
}

/**
 * Signs out with the header's 退出 button and proves the session is over: the browser is back on
 * /login, the home page sends it to /login again, and the old cookie, replayed, is refused by the
 * server (the session was ended in the database, not just forgotten by the browser).
 */
async function signOutAndProve(page: Page, homePath: string) {
  const oldCookie = await sessionCookieHeader(page)
  await page.getByRole('button', { name: '退出' }).click()
  await page.waitForURL((u) => u.pathname === '/login', { timeout: NAV_TIMEOUT })
  await page.locator('input[name=identifier]').waitFor()

  await page.goto(homePath)
  expect(pathOf(page)).toBe('/login')
  expect(new URL(page.url()).searchParams.get('redirectTo')).toBe(homePath)

  const replay = await fetch(new URL(homePath, app.server().url), { headers: { cookie: oldCookie }, redirect: 'manual' })
  expect(replay.status).toBe(302)
  expect(new URL(replay.headers.get('location') ?? '', app.server().url).pathname).toBe('/login')
}

/** the names in the page's first table (the regulator's list has the per-region shares table below it) */
function tableNames(page: Page): Promise<string[]> {
  return page.locator('table.data').first().locator('tbody tr td:first-child').allInnerTexts()
}

describe('sign-in and sign-out per role', () => {
  it('enterprise admin (hs_admin) lands on /enterprise with the company heading and 企业信息 nav', async () => {
    const page = await newPage()
    await signIn(page, 'hs_admin', '/enterprise')
    await expect.poll(() => page.locator('h1').first().innerText()).toContain(HUASHENG)
    await expect(nav(page, '企业信息').link.count()).resolves.toBe(1)
    await expect(page.getByRole('link', { name: '编辑企业信息' }).count()).resolves.toBe(1)
    await signOutAndProve(page, '/enterprise')
  })

  it('enterprise head (hs_head) lands on /enterprise without the 编辑企业信息 button', async () => {
    const page = await newPage()
    await signIn(page, 'hs_head', '/enterprise')
    await expect.poll(() => page.locator('h1').first().innerText()).toContain(HUASHENG)
    expect(await page.getByText('编辑企业信息').count()).toBe(0)
    expect(await nav(page, '企业信息').link.count()).toBe(0)
    await signOutAndProve(page, '/enterprise')
  })

  it(`worker signs in by phone (${firstWorker.phone}) on a 375 px screen and sees /me`, async () => {
    expect(firstWorker.phone).toMatch(/^1\d{10}$/)
    const page = await newPage(PHONE)
    await signIn(page, firstWorker.phone!, '/me')
    await page.getByRole('heading', { name: '我的岗位' }).waitFor()
    await expect.poll(() => page.locator('h1').first().innerText()).toContain(firstWorkerEmployee.name)
    // nothing wider than the phone's screen
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(1)
    await signOutAndProve(page, '/me')
  })

  it('regulator jz_zjj (住建局) sees the construction company only', async () => {
    const page = await newPage()
    await signIn(page, 'jz_zjj', '/regulator/enterprises')
    await page.locator('table.data tbody tr').first().waitFor()
    const names = await tableNames(page)
    expect(names).toContain(JINJIAN)
    expect(names).not.toContain(HUASHENG)
    await signOutAndProve(page, '/regulator/enterprises')
  })

  it('regulator jz_yjj (应急管理局) sees the three 晋中 enterprises and not the 太原 one', async () => {
    const page = await newPage()
    await signIn(page, 'jz_yjj', '/regulator/enterprises')
    await page.locator('table.data tbody tr').first().waitFor()
    const names = await tableNames(page)
    expect(names).toEqual(expect.arrayContaining([HUASHENG, JINJIAN, TONGDA]))
    expect(names).not.toContain(XINYUAN)
    expect(await page.getByText(XINYUAN).count()).toBe(0)
    await signOutAndProve(page, '/regulator/enterprises')
  })

  it('platform admin lands on /platform/enterprises', async () => {
    const page = await newPage()
    await signIn(page, 'platform', '/platform/enterprises')
    await page.getByRole('heading', { name: '企业管理' }).waitFor()
    await signOutAndProve(page, '/platform/enterprises')
  })
})

describe('sign-in errors', () => {
  async function failSignIn(page: Page) {
    await fillSignIn(page, 'jj_admin', 'not-the-password-1')
    const alert = page.locator('.form-error')
    await alert.waitFor({ timeout: NAV_TIMEOUT })
    expect(await alert.innerText()).toContain('账号或密码错误')
    expect(pathOf(page)).toBe('/login')
    expect(await page.getByRole('button', { name: '退出' }).count()).toBe(0)
  }

  it('a wrong password shows 账号或密码错误 and keeps the typed identifier', async () => {
    const page = await newPage()
    await failSignIn(page)
    expect(await page.locator('input[name=identifier]').inputValue()).toBe('jj_admin')
  })

  it('a wrong password leaves the password field empty', async () => {
    const page = await newPage()
    await failSignIn(page)
    expect(await page.locator('input[name=password]').inputValue()).toBe('')
  })

  it('without JavaScript too: the message, the identifier kept, the password empty', async () => {
    const page = await newAppPage(app, { javaScriptEnabled: false })
    await failSignIn(page)
    expect(await page.locator('input[name=identifier]').inputValue()).toBe('jj_admin')
    expect(await page.locator('input[name=password]').inputValue()).toBe('')
  })
})

describe('regulator enterprise list', () => {
  it('filters by industry and sorts by 企业名称 through the URL', async () => {
    const page = await newPage()
    await signIn(page, 'jz_yjj', '/regulator/enterprises')
    await page.locator('table.data tbody tr').first().waitFor()
    expect((await tableNames(page)).length).toBeGreaterThanOrEqual(3)

    await page.getByLabel('行业', { exact: true }).selectOption({ label: '建筑施工' })
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL((u) => u.searchParams.get('industry') === 'construction')
    await expect.poll(() => tableNames(page)).toEqual([JINJIAN])

    await page.getByRole('link', { name: '清除' }).click()
    await page.waitForURL((u) => !u.searchParams.get('industry'))
    await expect.poll(async () => (await tableNames(page)).length).toBeGreaterThanOrEqual(3)

    const nameHeader = page
      .locator('table.data')
      .first()
      .locator('thead')
      .getByRole('link', { name: /企业名称/ })
    await nameHeader.click()
    await page.waitForURL((u) => u.searchParams.get('sort') === 'name')
    const firstDir = new URL(page.url()).searchParams.get('dir')
    expect(['asc', 'desc']).toContain(firstDir)
    // The list is sorted by 企业名称 before the click (the default), so the header's text says nothing
    // about which render is on screen: wait for its direction. The URL changes before the new rows render.
    const sortedHeader = page.locator('table.data').first().locator('thead a[aria-sort]')
    await expect.poll(() => sortedHeader.getAttribute('aria-sort')).toBe(firstDir === 'asc' ? 'ascending' : 'descending')
    expect(await sortedHeader.innerText()).toContain('企业名称')
    const firstOrder = await tableNames(page)
    expect(firstOrder.length).toBeGreaterThanOrEqual(3)

    // clicking again flips the direction and the rows come back in the opposite order
    await nameHeader.click()
    await page.waitForURL((u) => u.searchParams.get('sort') === 'name' && u.searchParams.get('dir') !== firstDir)
    await expect.poll(() => tableNames(page)).toEqual([...firstOrder].reverse())

    await signOutAndProve(page, '/regulator/enterprises')
  })
})

describe('enterprise profile edit', () => {
  it('shows the phone error beside the field, keeps the typed values, then saves; the name and credit code are shown, not edited', async () => {
    const page = await newPage()
    await signIn(page, 'hs_admin', '/enterprise')
    await page.goto('/enterprise/profile')
    // the registered identity: shown read-only, carried unchanged, changed by the platform only
    const creditCodeShown = page.locator('#f-creditCode')
    expect(await creditCodeShown.inputValue()).toBe(huasheng.creditCode)
    expect(await creditCodeShown.getAttribute('readonly')).not.toBeNull()
    expect(await page.locator('#f-creditCode-hint').innerText()).toContain('平台管理员')
    const phone = page.locator('input[name=phone]')
    const address = page.locator('input[name=address]')
    const principal = page.locator('input[name=principalName]')
    const original = await phone.inputValue()

    const wrong = '12345'
    const newAddress = `${huasheng.address}B座`
    const newPrincipal = '王测试'
    await phone.fill(wrong)
    await address.fill(newAddress)
    await principal.fill(newPrincipal)
    await page.getByRole('button', { name: '保存' }).click()

    const fieldError = page.locator('#f-phone-error')
    await fieldError.waitFor({ timeout: NAV_TIMEOUT })
    expect(await fieldError.innerText()).toBe('请填写11位手机号或带区号的固定电话，如 0354-3012345')
    // beside its field: in the same .field wrapper, and the input points at it
    expect(await page.locator('.field.invalid', { has: phone }).locator('.field-error').innerText()).toContain('11位手机号')
    expect(await phone.getAttribute('aria-invalid')).toBe('true')
    expect(await phone.inputValue()).toBe(wrong)
    expect(await address.inputValue()).toBe(newAddress)
    expect(await principal.inputValue()).toBe(newPrincipal)
    expect(await page.getByText('企业信息已保存').count()).toBe(0)

    await phone.fill(original)
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL((u) => u.searchParams.get('saved') === '1', { timeout: NAV_TIMEOUT })
    await page.getByText('企业信息已保存').waitFor()
    await expect.poll(() => page.locator('.field-error').count()).toBe(0)
    expect(await address.inputValue()).toBe(newAddress)
    expect(await principal.inputValue()).toBe(newPrincipal)
    expect(await creditCodeShown.inputValue()).toBe(huasheng.creditCode)

    await signOutAndProve(page, '/enterprise/profile')
  })
})

describe('unknown URL', () => {
  it('shows the Chinese 404 page with status 404', async () => {
    const page = await newPage()
    const response = await page.goto('/no-such-page')
    expect(response?.status()).toBe(404)
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('页面不存在')
  })
})
