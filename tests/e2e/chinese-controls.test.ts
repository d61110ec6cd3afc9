import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { signedInPage, useApp } from './harness'

// Issue 13 #12: in a browser set to English, the browser's own controls would say "Choose File",
// "No file chosen" and "mm/dd/yyyy". Every control a person sees on the roster, training and drills
// pages must be ours, in Chinese.
const app = useApp({ browserArgs: ['--lang=en-US'] })

/** The browser-drawn controls that speak the browser's language, and any visible control without Chinese. */
async function foreignControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cjk = /[\u4e00-\u9fff]/
    const problems: string[] = []
    for (const d of document.querySelectorAll('details')) d.open = true
    for (const el of document.querySelectorAll<HTMLElement>('input, select, textarea, button')) {
      const box = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      const shown = box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && Number(style.opacity) > 0
      const name = el.getAttribute('name') ?? el.id
      if (el instanceof HTMLInputElement) {
        if (el.type === 'hidden') continue
        // drawn by the browser in its own language: never shown
        if (['date', 'datetime-local', 'month', 'week', 'time', 'file'].includes(el.type) && shown)
          problems.push(`${name}: input type=${el.type}`)
        if (el.type === 'file' && !el.closest('.file-picker')?.textContent?.includes('选择文件'))
          problems.push(`${name}: file input without 选择文件`)
        if (shown && el.placeholder && /[A-Za-z]{2,}/.test(el.placeholder)) problems.push(`${name}: placeholder ${el.placeholder}`)
      }
      if (el instanceof HTMLButtonElement && shown && !cjk.test(el.textContent ?? '') && !cjk.test(el.getAttribute('aria-label') ?? ''))
        problems.push(`button ${el.textContent}`)
      if (el instanceof HTMLSelectElement && shown)
        for (const o of el.options) if (/[A-Za-z]{3,}/.test(o.text)) problems.push(`${name}: option ${o.text}`)
    }
    return problems
  })
}

describe('Chinese controls in an English browser', () => {
  it('the roster, training and drills pages show no browser-drawn English control', async () => {
    const page = await signedInPage(app, 'hs_admin', { locale: 'en-US' })
    expect(await page.evaluate(() => navigator.language)).toBe('en-US')
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')

    const visited: string[] = []
    for (const path of ['/enterprise/roster', '/enterprise/roster/new', '/enterprise/training', '/enterprise/drills']) {
      await page.goto(path)
      visited.push(`${path}: ${JSON.stringify(await foreignControls(page))}`)
    }
    // an employee's page (assign a post: 任职日期; end an assignment: 离岗日期) and a session's page
    await page.goto('/enterprise/roster')
    await page.locator('table.data tbody tr a').first().click()
    await page.waitForURL(/\/enterprise\/roster\/[^/]+$/)
    visited.push(`employee: ${JSON.stringify(await foreignControls(page))}`)
    // a session's page (its evidence and sign-in sheet pickers): record one, in the English browser
    await page.goto('/enterprise/training')
    await page.locator('input[name=topic]').fill('英文浏览器下的培训')
    await page.locator('select[name=kind]').selectOption('年度再培训')
    await page.locator('input[name=heldOn]').fill('2026/11/2')
    await page.locator('input[name=hours]').fill('2')
    await page.locator('input[name=trainer]').fill('刘晓东')
    await page.locator('input[name=place]').fill('三楼培训室')
    await page.getByRole('button', { name: '保存，下一步登记参训人员' }).click()
    await page.getByText('培训已登记。').waitFor()
    visited.push(`session: ${JSON.stringify(await foreignControls(page))}`)
    // a plan (typed the way people type dates), so that 记录演练 shows its form with the evidence pickers
    await page.goto('/enterprise/drills')
    await page.locator('select[name=kind]').selectOption('现场处置方案')
    await page.locator('input[name=title]').fill('英文浏览器下的现场处置方案')
    await page.locator('input[name=version]').fill('2026版')
    await page.locator('input[name=issuedOn]').fill('2026年3月1日')
    await page.getByRole('button', { name: '登记' }).click()
    await page.getByText('预案已登记。').waitFor()
    await page.goto('/enterprise/drills/new')
    await page.locator('input[name=scheme]').waitFor({ state: 'attached' })
    visited.push(`drills/new: ${JSON.stringify(await foreignControls(page))}`)
    expect(visited.filter((v) => !v.endsWith('[]'))).toEqual([])

    // the file picker says what it holds, in Chinese; the day field reads and shows yyyy-mm-dd
    await page.goto('/enterprise/drills/new')
    const picker = page.locator('.file-picker', { has: page.locator('input[name=scheme]') })
    await expect(picker.textContent()).resolves.toContain('未选择文件')
    await page
      .locator('input[name=scheme]')
      .setInputFiles({ name: '演练方案.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n') })
    await picker.getByText('演练方案.pdf').waitFor()
    const day = page.locator('input[name=heldOn]')
    await day.fill('2026/3/5')
    await day.blur()
    await expect(day.inputValue()).resolves.toBe('2026-03-05')
    await day.fill('2026-02-30')
    await day.blur()
    await page.getByText('2026年2月只有28天').waitFor()
    await page.context().close()
  })
})
