import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// Item 12 derived as 部分落实 with the overdue drill named; record the drill; it turns 已落实;
// run a self-check and download its .xlsx.
const app = useApp()

const evidence = (name: string) => path.join(__dirname, '..', 'fixtures', 'evidence', name)

async function recordDrill(page: Page, planLabel: string) {
  await page.goto('/enterprise/drills/new')
  await page.locator('select[name=planId]').selectOption({ label: planLabel })
  await page.locator('input[name=participants]').fill('20')
  await page.locator('textarea[name=summary]').fill('按预案开展演练并评估')
  await page.locator('input[name=scheme]').setInputFiles(evidence('drill-scheme.pdf'))
  await page.locator('input[name=script]').setInputFiles(evidence('drill-script.pdf'))
  await page.locator('input[name=assessment]').setInputFiles(evidence('drill-assessment.pdf'))
  await page.getByRole('button', { name: '保存演练记录' }).click()
  await page.getByText('演练已记录。').waitFor()
}

async function addPlan(page: Page, kind: string, title: string) {
  await page.goto('/enterprise/drills')
  await page.locator('select[name=kind]').selectOption(kind)
  await page.locator('input[name=title]').fill(title)
  await page.locator('input[name=version]').fill('2026版')
  await page.locator('input[name=issuedOn]').fill('2026-03-01')
  await page.getByRole('button', { name: '登记' }).click()
  await page.getByText('预案已登记。').waitFor()
}

describe('二十条 in the browser', () => {
  it('item 12 follows the drill records; a self-check downloads as .xlsx', async () => {
    const page = await signedInPage(app, 'hs_admin', { acceptDownloads: true })
    const context = page.context()

    await addPlan(page, '综合预案', '华晟化工生产安全事故综合应急预案')
    await addPlan(page, '现场处置方案', '加氢装置氢气泄漏现场处置方案')
    await recordDrill(page, '华晟化工生产安全事故综合应急预案（综合预案）')

    await nav(page, '二十条').click()
    await page.locator('.obligation-cell', { hasText: '12' }).first().click()
    await page.getByText('平台记录判定：').waitFor()
    expect(await page.locator('h2', { hasText: '平台记录判定' }).locator('.badge').textContent()).toBe('部分落实')
    await page.getByText('加氢装置氢气泄漏现场处置方案').first().waitFor()
    expect(await page.getByText('现场处置方案演练').count()).toBeGreaterThan(0)

    await recordDrill(page, '加氢装置氢气泄漏现场处置方案（现场处置方案）')
    await page.goto('/enterprise/obligations/12')
    expect(await page.locator('h2', { hasText: '平台记录判定' }).locator('.badge').textContent()).toBe('已落实')

    await page.goto('/enterprise/self-checks')
    await page.getByRole('button', { name: '开始自查' }).click()
    await page.waitForURL(/\/enterprise\/self-checks\/[0-9a-f-]{36}$/)
    await page.getByText('企业安全生产主体责任二十条自查表').waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载自查表（.xlsx）' }).click()])
    expect(download.suggestedFilename()).toMatch(/自查表.*\.xlsx$/)
    const file = await download.path()
    const { readFileSync } = await import('node:fs')
    expect(readFileSync(file!).subarray(0, 2).toString()).toBe('PK')
    await context.close()
  })
})
