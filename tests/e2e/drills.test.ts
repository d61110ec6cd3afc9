import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { todayInShanghai } from '../../app/utils/dates'
import { nav, signedInPage, useApp } from './harness'

// Record a drill with its three evidence files and see the next due date move. The demo has plans of
// its own (a year of history), so the drill names the plan this journey registers.
// dated from the tests' clock (AZT_TEST_NOW): the plan was issued on 1 March this year
const Y = Number(todayInShanghai().slice(0, 4))
const app = useApp()

const evidence = (name: string) => path.join(__dirname, '..', 'fixtures', 'evidence', name)

describe('预案与演练 in the browser', () => {
  it('registers a plan, refuses a forged file, records a drill with its three files, and the due date moves', async () => {
    const page = await signedInPage(app, 'hs_admin')
    const context = page.context()
    await nav(page, '预案演练').click()

    await page.locator('select[name=kind]').selectOption('现场处置方案')
    await page.locator('input[name=title]').fill('加氢装置氢气泄漏现场处置方案')
    await page.locator('input[name=version]').fill(`${Y}版`)
    await page.locator('input[name=issuedOn]').fill(`${Y}-03-01`)
    await page.getByRole('button', { name: '登记' }).click()
    await page.getByText('预案已登记。').waitFor()
    const dueBefore = await page.locator('.stat', { hasText: '现场处置方案演练' }).locator('.due').textContent()

    await page.getByRole('link', { name: '记录演练' }).click()
    await page.locator('select[name=planId]').selectOption({ label: '加氢装置氢气泄漏现场处置方案（现场处置方案）' })
    await page.locator('input[name=participants]').fill('25')
    await page.locator('textarea[name=summary]').fill('模拟加氢装置氢气泄漏，班组按现场处置方案处置')
    await page.locator('input[name=scheme]').setInputFiles(evidence('not-a-pdf.pdf'))
    // issue 13: the browser reads its first bytes and refuses it beside its picker before anything is
    // sent (the server's own refusal of a forged file is in tests/integration/uploads.test.ts)
    await page.getByText(/^「not-a-pdf.pdf」不是此处可上传的文件类型/).waitFor()
    expect(await page.locator('input[name=scheme]').evaluate((el: HTMLInputElement) => el.files?.length ?? 0)).toBe(0)
    expect(await page.locator('textarea[name=summary]').inputValue()).toBe('模拟加氢装置氢气泄漏，班组按现场处置方案处置')

    await page.locator('input[name=scheme]').setInputFiles(evidence('drill-scheme.pdf'))
    await page.locator('input[name=script]').setInputFiles(evidence('drill-script.pdf'))
    await page.locator('input[name=assessment]').setInputFiles(evidence('drill-assessment.pdf'))
    await page.getByRole('button', { name: '保存演练记录' }).click()
    await page.getByText('演练已记录。').waitFor()
    const dueAfter = await page.locator('.stat', { hasText: '现场处置方案演练' }).locator('.due').textContent()
    expect(dueAfter).not.toBe(dueBefore)
    expect(dueAfter! > dueBefore!).toBe(true)
    await page.locator('.stat', { hasText: '现场处置方案演练' }).getByText('本期已完成').waitFor()

    // the drill of this journey's plan (the demo's drills are listed too)
    await page.locator('table.data tbody tr', { hasText: '加氢装置氢气泄漏现场处置方案' }).locator('a').first().click()
    await page.getByRole('link', { name: 'drill-assessment.pdf' }).waitFor()
    await context.close()
  })
})
