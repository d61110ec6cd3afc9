import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser'
import { startServer, type RunningServer } from './server'

// One server (own database) and one browser per test file, and a signed-in page per role.

export const DEMO_PASSWORD = 'Anzetong@2026'
export const DESKTOP = { width: 1280, height: 900 }

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

/** A fresh browser context signed in as `who` (用户名 or 手机号), on the page the sign-in lands on. */
export async function signedInPage(
  app: ReturnType<typeof useApp>,
  who: string,
  options: { viewport?: { width: number; height: number }; acceptDownloads?: boolean; locale?: string } = {},
): Promise<Page> {
  const context = await app.browser().newContext({
    baseURL: app.server().url,
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: options.acceptDownloads ?? false,
  })
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

export const nav = (page: Page, name: string) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true })
