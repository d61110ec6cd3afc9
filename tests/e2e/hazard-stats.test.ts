import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// 隐患排查治理统计分析表 in the browser (issue 15 part 5): the admin draws up a quarter's (or the year's)
// table from the records; the 主要负责人 signs it after the confirm step; the 应急管理局 sees it on
// 一企一档 and opens it. The table and the hazard ledger print on A4. Screenshots and the printed pages
// (PDF → pdftoppm) go to .tmp/shots/hazard-stats-*.png for a person to look at.

const app = useApp()
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const shots = path.join(root, '.tmp/shots')

async function shot(page: Page, name: string) {
  await mkdir(shots, { recursive: true })
  await page.screenshot({ path: path.join(shots, `hazard-stats-${name}.png`), fullPage: true })
}

/** Prints as Chromium does (A4, the page's own @page rules), keeps the PDF's first page as a PNG, returns the page count and text. */
async function printed(page: Page, name: string) {
  await page.emulateMedia({ media: 'print' })
  const pdf = path.join(shots, `hazard-stats-${name}.pdf`)
  await writeFile(pdf, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }))
  await page.emulateMedia({ media: 'screen' })
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(shots, `hazard-stats-${name}-pdf`)])
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
  return {
    pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]),
    size: /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number),
    text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }),
  }
}

let tableUrl = ''
let label = ''

describe('隐患排查治理统计分析表', () => {
  it('the admin draws up the table of an ended period from the hazard records', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    // the home's 下一步 names the table to draw up while one is open (15 October, 31 January …)
    await shot(admin, '0-home')
    await nav(admin, '隐患治理').click()
    await admin.getByRole('heading', { name: '隐患排查治理台账' }).waitFor()
    await admin.getByRole('link', { name: '统计分析表', exact: true }).click()
    await admin.getByRole('heading', { name: '隐患排查治理统计分析表' }).waitFor()
    // the demo's latest due quarter is signed on time
    await admin.getByText('按期报送').first().waitFor()
    await shot(admin, '1-periods')
    const row = admin.locator('tr', { has: admin.getByRole('button', { name: '生成统计分析表' }) }).first()
    label = ((await row.locator('td').first().innerText()).split('\n')[0] ?? '').trim()
    expect(label).toMatch(/^\d{4}年(第[一二三四]季度|度)$/)
    expect(label.length).toBeGreaterThan(4)
    await row.getByRole('button', { name: '生成统计分析表' }).click()
    await admin.waitForURL(/\/enterprise\/hazard-stats\/[0-9a-f-]{36}$/)
    tableUrl = new URL(admin.url()).pathname
    await admin.getByText('待主要负责人签字：签字后报送监管部门。').waitFor()
    await admin.getByRole('heading', { name: '隐患排查治理统计分析表' }).waitFor()
    // the admin does not sign
    expect(await admin.getByRole('button', { name: '主要负责人签字报送' }).count()).toBe(0)
    await shot(admin, '2-drawn-up')
    await admin.context().close()
  })

  it('the 主要负责人 signs it after the confirm step; it prints on one A4 page with the signature', async () => {
    const head = await signedInPage(app, 'hs_head')
    await head.goto(tableUrl)
    await head.getByRole('button', { name: '主要负责人签字报送' }).click()
    await head.getByRole('heading', { name: '确认签署并报送隐患排查治理统计分析表' }).waitFor()
    await shot(head, '3-confirm')
    await head.getByRole('button', { name: '确认签字并报送' }).click()
    await head.getByText('已由主要负责人签字报送监管部门').waitFor()
    await head
      .locator('.sign-block')
      .getByText(/赵志刚（总经理）/)
      .waitFor()
    await shot(head, '4-signed')
    const pdf = await printed(head, 'table')
    expect(pdf.pages).toBe(1)
    // A4 portrait, in points
    expect(Math.round(pdf.size[0]!)).toBe(595)
    expect(pdf.text).toContain('隐患排查治理统计分析表')
    expect(pdf.text).toMatch(/主要负责人签字：\s*赵志刚（总经理）/)
    expect(pdf.text).not.toContain('确认签字并报送')
    await head.context().close()
  })

  it('the 应急管理局 sees it on the enterprise’s 一企一档 and opens it', async () => {
    const reg = await signedInPage(app, 'jz_yjj')
    // the dashboard's red flag: enterprises whose latest due table is missing or late (华晟化工's is on time)
    await reg.locator('table .badge-red', { hasText: '隐患统计分析表逾期' }).first().waitFor()
    const hsRow = reg.locator('tr', { has: reg.getByRole('link', { name: '晋中市华晟化工有限公司' }) })
    expect(await hsRow.getByText('隐患统计分析表逾期').count()).toBe(0)
    await shot(reg, '5a-dashboard')
    await reg.getByRole('link', { name: '晋中市华晟化工有限公司' }).first().click()
    await reg.getByRole('heading', { name: '隐患排查治理统计分析表' }).waitFor()
    const section = reg.locator('#hazard-stats')
    await section.getByRole('link', { name: label }).waitFor()
    await section.screenshot({ path: path.join(shots, 'hazard-stats-5-dossier.png') })
    await section.getByRole('link', { name: label }).click()
    await reg
      .locator('.sign-block')
      .getByText(/赵志刚（总经理）/)
      .waitFor()
    await shot(reg, '6-regulator-copy')
    // the demo's signed quarter (seeds/hazard-stats-demo.ts), with its figures
    await reg.goBack()
    await section.getByRole('link').first().click()
    await reg.locator('.sign-block').getByText('按期报送').waitFor()
    await shot(reg, '6b-demo-quarter')
    await reg.context().close()
  })

  it('the hazard ledger prints on landscape A4', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await admin.goto('/enterprise/hazards/ledger')
    await admin.getByRole('heading', { name: '隐患排查治理台账' }).waitFor()
    await shot(admin, '7-ledger')
    const pdf = await printed(admin, 'ledger')
    expect(pdf.pages).toBeGreaterThanOrEqual(1)
    // landscape: wider than high
    expect(pdf.size[0]!).toBeGreaterThan(pdf.size[1]!)
    expect(pdf.text).toContain('隐患排查治理台账')
    // the register's 重大 hazard of the demo, under the department's 督办 (a cell's text wraps where
    // the columns' widths fall, so a phrase short enough for one line of its cell)
    expect(pdf.text).toContain('紧急停车系统')
    expect(pdf.text).toContain('应急督〔')
    await admin.context().close()
  })
})
