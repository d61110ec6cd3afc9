import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser'
import { startServer, type RunningServer } from './server'

// One server (own database) and one browser per test file, and a signed-in page per role.

export const DEMO_PASSWORD = 'Anzetong@2026'
export const DESKTOP = { width: 1280, height: 900 }
export const PHONE = { width: 375, height: 740 }

export function useApp(options: { browserArgs?: string[] } = {}): { server: () => RunningServer; browser: () => Browser } {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser(options.browserArgs)
  }, 180_000)
  afterAll(async () => {
    await browser?.close().catch(() => {})
    await server?.stop()
  }, 60_000)
  return { server: () => server!, browser: () => browser! }
}

export interface PageOptions {
  viewport?: { width: number; height: number }
  acceptDownloads?: boolean
  /** a phone: taps and a finger on the signature pad (on by default below 500 px) */
  hasTouch?: boolean
  javaScriptEnabled?: boolean
  /** the browser's language (the Chinese-controls test starts an English one) */
  locale?: string
}

/** A fresh browser context (own cookies) on the app, signed in as nobody. */
export async function newPage(app: ReturnType<typeof useApp>, options: PageOptions = {}): Promise<Page> {
  const viewport = options.viewport ?? DESKTOP
  const context = await app.browser().newContext({
    baseURL: app.server().url,
    viewport,
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: options.acceptDownloads ?? false,
    hasTouch: options.hasTouch ?? viewport.width < 500,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  })
  context.setDefaultTimeout(30_000)
  context.setDefaultNavigationTimeout(60_000) // the embedded engine's first requests are slow
  return context.newPage()
}

/** Opens the sign-in page and submits it; the caller waits for what the result shows. */
export async function fillSignIn(page: Page, who: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login')
  await page.locator('input[name=identifier]').fill(who)
  await page.locator('input[name=password]').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
}

/** A fresh browser context signed in as `who` (用户名 or 手机号), on the page the sign-in lands on. */
export async function signedInPage(app: ReturnType<typeof useApp>, who: string, options: PageOptions = {}): Promise<Page> {
  const page = await newPage(app, options)
  await fillSignIn(page, who)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  return page
}

/**
 * A link of the 主导航 by its name. The enterprise's links sit in groups (责任制, 双重预防, 台账, 机构人员:
 * app/components/MainNav.tsx) that open on their summary: `click()` opens the link's group first, as a
 * person would; `link` is the link itself, found also while its group is closed (to count it).
 */
export function nav(page: Page, name: string) {
  const bar = page.getByRole('navigation', { name: '主导航' })
  const link = bar.getByRole('link', { name, exact: true, includeHidden: true })
  return {
    link,
    async click() {
      // open the link's group (its summary, clicked as a person would) and follow the link; again if
      // the group closed meanwhile (a page that hydrates after the summary was clicked renders it closed)
      for (let attempt = 1; ; attempt++) {
        const summary = await link.evaluateHandle((a) => {
          const group = a.closest('details')
          return group && !group.open ? group.querySelector('summary') : null
        })
        await summary.asElement()?.click()
        try {
          return await link.click({ timeout: 5_000 })
        } catch (e) {
          if (attempt >= 6) throw e
        }
      }
    },
  }
}

/**
 * The signed-in admin takes on a new employee and puts them on `postName` from today, through 花名册,
 * as a person would. The demo has a year of history (every demo worker already has lists, an account
 * and certificates), so a journey that needs someone without any makes them here.
 */
export async function takeOnWorker(
  page: Page,
  worker: { name: string; employeeNo: string; phone: string },
  postName: string,
  hiredOn: string,
): Promise<void> {
  await page.goto('/enterprise/roster/new')
  await page.locator('input[name=name]').fill(worker.name)
  await page.locator('input[name=employeeNo]').fill(worker.employeeNo)
  await page.locator('input[name=phone]').fill(worker.phone)
  await page.locator('input[name=hiredOn]').fill(hiredOn)
  await page.getByRole('button', { name: '保存并安排岗位' }).click()
  await page.waitForURL(/\/enterprise\/roster\/[0-9a-f-]{36}\?created=1/)
  const post = await page.locator('select[name=postId] option', { hasText: postName }).first().getAttribute('value')
  if (!post) throw new Error(`no post ${postName}`)
  await page.locator('select[name=postId]').selectOption(post)
  await page.getByRole('button', { name: '安排', exact: true }).click()
  await page.waitForURL(/\?saved=1/)
  await page.locator('table tbody tr', { hasText: postName }).first().waitFor()
}
