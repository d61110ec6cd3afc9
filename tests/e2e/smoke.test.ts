import { describe, expect, it } from 'vitest'
import { signedInPage, useApp } from './harness'

// Every main page of every role renders and hydrates without a script error: a value imported from
// a *.server module into a component is empty in the browser and only shows up here.

const app = useApp()

const PAGES: Record<string, string[]> = {
  hs_admin: [
    '/enterprise',
    '/enterprise/posts',
    '/enterprise/posts/new',
    '/enterprise/duty-document',
    '/enterprise/confirmations',
    '/enterprise/invitations',
    '/enterprise/training',
    '/enterprise/certificates',
    '/enterprise/drills',
    '/enterprise/drills/new',
    '/enterprise/obligations',
    '/enterprise/obligations/1',
    '/enterprise/obligations/12',
    '/enterprise/self-checks',
    '/enterprise/committee',
    '/enterprise/reports',
    '/enterprise/supervision',
    '/enterprise/org',
    '/enterprise/roster',
    '/enterprise/roster/new',
    '/enterprise/profile',
    '/me',
  ],
  hs_head: [
    '/enterprise',
    '/enterprise/posts',
    '/enterprise/confirmations',
    '/enterprise/training',
    '/enterprise/drills',
    '/enterprise/obligations',
    '/enterprise/reports',
    '/enterprise/supervision',
  ],
  '17735418902': ['/me'],
  jz_yjj: ['/regulator/enterprises', '/regulator/orders'],
  platform: ['/platform/enterprises', '/platform/enterprises/new', '/platform/regulators', '/platform/push'],
}

describe('every page renders and hydrates', () => {
  for (const [who, paths] of Object.entries(PAGES)) {
    it(who, async () => {
      const page = await signedInPage(app, who)
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`)
      })
      // the detail pages one click away: the first post and the first regulator enterprise
      const extra: string[] = []
      for (const path of paths) {
        const res = await page.goto(path)
        expect(res?.status(), path).toBe(200)
        await page.waitForLoadState('networkidle')
        expect(await page.getByText('系统出现错误').count(), path).toBe(0)
        if (path === '/enterprise/posts' || path === '/regulator/enterprises') {
          const href = await page.locator('table.data tbody a').first().getAttribute('href')
          if (href) extra.push(href)
          if (href && path === '/regulator/enterprises') extra.push(`${href}/inspections/new`)
        }
      }
      for (const path of extra) {
        await page.goto(path)
        await page.waitForLoadState('networkidle')
        expect(await page.getByText('系统出现错误').count(), path).toBe(0)
      }
      expect(errors).toEqual([])
      await page.context().close()
    })
  }
})
