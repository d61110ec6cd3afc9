import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { currentSheetMonth, monthKey } from '../../app/modules/leaderledger/rules'
import { nav, PHONE, signedInPage, useApp } from './harness'

// Issue 16 part 1, the 一岗双责台账 journey: the 应急管理局 副局长's recorder prepares this month from the
// inspection the portal proposes and adds a meeting with its minutes; the leader signs; the 安委办
// sees it submitted; the year's volume prints on A4 with its 总目录 and page numbers.
// Screenshots and the PDF's pages go to .tmp/shots/leader-ledger-*.png for a person to look at.
const app = useApp()
const root = path.resolve(__dirname, '../..')
const shots = path.join(root, '.tmp/shots')
mkdirSync(shots, { recursive: true })
const evidence = path.join(__dirname, '..', 'fixtures', 'evidence', 'drill-scheme.pdf')
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `leader-ledger-${name}.png`), fullPage: true })
// the server's clock is the real one: the month being kept now, and today in Shanghai
const now = new Date()
const month = currentSheetMonth(now)
const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
let monthUrl = ''

describe('一岗双责台账: recorder, leader, 安委办, year volume', () => {
  it('the recorder takes the proposed inspection in and adds a meeting with evidence', async () => {
    const page = await signedInPage(app, 'jz_yjj_clerk')
    await nav(page, '履职台账').click()
    await page.getByRole('heading', { name: /赵志刚 · 副局长/ }).waitFor()
    await shot(page, 'recorder-books')
    const book = page.locator('section.card', { has: page.getByRole('heading', { name: /赵志刚/ }) })
    await book.getByRole('link', { name: '整理本月' }).click()
    await page.waitForURL(new RegExp(`/regulator/ledger/[0-9a-f-]+/${monthKey(month)}$`))
    monthUrl = new URL(page.url()).pathname
    await page.getByRole('heading', { name: '平台记录的履职活动（建议记入）' }).waitFor()
    await page
      .getByText(/到晋中市华晟化工有限公司检查安全生产工作/)
      .first()
      .waitFor()
    await shot(page, 'recorder-proposals')
    await page.getByRole('button', { name: '记入台账' }).click()
    await page.getByText(/已记入 \d+ 项工作/).waitFor()

    await page.locator('input[name=occurredOn]').fill(today)
    await page.locator('select[name=kind]').selectOption('meeting')
    await page.locator('textarea[name=work]').fill('在局三楼会议室召开危险化学品安全生产专题会议')
    await page.locator('input[name=participants]').fill('赵志刚、各科室负责人')
    await page.locator('input[name=files]').setInputFiles(evidence)
    await page.getByRole('button', { name: '添加记录' }).click()
    await page.waitForURL(/added=1/)
    const rows = page.locator('table.ledger-table tbody tr')
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2)
    await expect.poll(() => rows.filter({ hasText: '危险化学品安全生产专题会议' }).count()).toBe(1)
    await expect.poll(() => rows.filter({ hasText: '到晋中市华晟化工有限公司检查安全生产工作' }).count()).toBe(1)
    await page.getByRole('link', { name: 'drill-scheme.pdf' }).waitFor()
    await shot(page, 'recorder-month')
    // the recorder cannot sign
    await expect.poll(() => page.getByRole('button', { name: '签字并报送安委办' }).count()).toBe(0)
    await page.context().close()

    const phone = await signedInPage(app, 'jz_yjj_clerk', { viewport: PHONE })
    await phone.goto(monthUrl)
    await phone
      .getByRole('heading', { name: /履职统计表/ })
      .first()
      .waitFor()
    await shot(phone, 'recorder-month-375')
    await phone.context().close()
  })

  it('the leader reviews and signs; the month is submitted', async () => {
    const page = await signedInPage(app, 'jz_yjj_deputy')
    await nav(page, '履职台账').click()
    await page.getByRole('link', { name: '查看本月' }).first().click()
    await page.waitForURL(new RegExp(monthUrl))
    await page.getByRole('button', { name: '签字并报送安委办' }).click()
    await page.getByRole('heading', { name: /确认签字报送/ }).waitFor()
    await shot(page, 'leader-confirm')
    await page.getByRole('button', { name: '确认签字' }).click()
    await page.getByText('已签字，本月台账已报送安委办。').waitFor()
    await page.getByText(/本人签字：赵志刚/).waitFor()
    // frozen: no form to add or remove lines any more
    await expect.poll(() => page.getByRole('button', { name: '添加记录' }).count()).toBe(0)
    await shot(page, 'leader-signed')
    await page.context().close()
  })

  it('the 安委办 sees it submitted, and the late ones', async () => {
    const page = await signedInPage(app, 'jz_awb')
    await page.getByRole('heading', { name: /党政同责一岗双责台账报送情况/ }).waitFor()
    const row = page.locator('tbody tr', { hasText: '赵志刚' })
    expect((await row.locator('.badge').innerText()).trim()).toBe('已报送')
    await shot(page, 'office-month')
    // last month: the 住建局 局长 has not submitted and his 26th has passed
    const last = new Date(Date.UTC(month.year, month.month - 2, 1))
    await page.locator('select[name=month]').selectOption(monthKey({ year: last.getUTCFullYear(), month: last.getUTCMonth() + 1 }))
    await page.getByRole('button', { name: '查看' }).click()
    // the URL changes as the navigation starts; the table follows when its data arrives
    await page
      .getByRole('heading', { name: `${last.getUTCFullYear()}年${last.getUTCMonth() + 1}月 党政同责一岗双责台账报送情况` })
      .waitFor()
    expect((await page.locator('tbody tr', { hasText: '刘卫东' }).locator('.badge').innerText()).trim()).toBe('逾期未报送')
    await shot(page, 'office-last-month')
    await page.context().close()
  })

  it('the year volume prints on A4: cover, 总目录, each month, numbered pages', async () => {
    const page = await signedInPage(app, 'jz_awb')
    await page.locator('tbody tr', { hasText: '赵志刚' }).getByRole('link', { name: '全年' }).click()
    await page.getByRole('heading', { name: '总目录' }).waitFor()
    await page.emulateMedia({ media: 'print' })
    const file = path.join(shots, 'leader-ledger-volume.pdf')
    writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }))
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1])
    const sections = await page.locator('.ledger-volume .a4').count()
    // every `.a4` block is one page: the 总目录's numbers are the printed ones
    expect(pages).toBe(sections)
    const text = (p: number) => execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', file, '-'], { encoding: 'utf8' })
    expect(text(1)).toContain('党政同责一岗双责台账')
    expect(text(1)).toContain('赵志刚')
    expect(text(2)).toContain('总目录')
    for (let p = 1; p <= pages; p++) expect(text(p), `page ${p}`).toMatch(new RegExp(`第\\s*${p}\\s*页`))
    // the 总目录 names the page this month starts on, and that page is this month's table
    const toc = await page
      .locator('.ledger-toc tr', { hasText: `${month.year}年${month.month}月安全生产` })
      .locator('.toc-page')
      .innerText()
    expect(Number(toc)).toBeGreaterThan(2)
    expect(text(Number(toc))).toContain(`${month.year}年${month.month}月`)
    expect(text(Number(toc))).toContain('本人签字')
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '3', file, path.join(shots, 'leader-ledger-volume')])
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', toc, '-l', toc, file, path.join(shots, 'leader-ledger-volume-this-month')])
    await page.context().close()
  })
})
