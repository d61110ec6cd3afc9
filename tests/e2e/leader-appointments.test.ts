import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// Issue 16: the platform admin appoints a department leader and their recorder on the 监管账号 page; a
// leader named as their own recorder is refused beside the field, values kept; the recorder then finds
// the new book on their 履职台账. Screenshots (1280 px) go to .tmp/shots/leader-appoint-*.png.
const app = useApp()
const shots = path.resolve(__dirname, '../../.tmp/shots')
mkdirSync(shots, { recursive: true })
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `leader-appoint-${name}.png`), fullPage: true })

async function choose(page: Page, field: string, text: string) {
  const value = await page.locator(`select[name=${field}] option`, { hasText: text }).first().getAttribute('value')
  await page.locator(`select[name=${field}]`).selectOption(value!)
}

describe('appointing a leader and a recorder in the portal', () => {
  it('the platform admin appoints; a leader as their own recorder is refused beside the field', async () => {
    const page = await signedInPage(app, 'platform')
    await nav(page, '监管账号').click()
    await page.getByRole('heading', { name: '一岗双责台账：任命领导和记录人员' }).waitFor()
    const form = page.locator('form', { has: page.locator('input[name=intent][value=appoint]') })
    await choose(page, 'userId', '晋中市应急管理局监管员')
    await page.getByLabel('领导类别').selectOption('member')
    await page.getByLabel('领导职务').fill('副局长')
    await page.getByLabel('分管行业领域（部门）').fill('危险化学品、烟花爆竹')
    await choose(page, 'recorderUserId', '晋中市应急管理局监管员')
    await form.getByRole('button', { name: '保存任命' }).click()
    await page.getByText('领导本人不能担任自己的记录人员').waitFor()
    expect(await page.getByLabel('领导职务').inputValue()).toBe('副局长')
    await shot(page, 'error')
    await choose(page, 'recorderUserId', '李晓燕')
    await form.getByRole('button', { name: '保存任命' }).click()
    await page.getByText('任命已保存，已记入审计日志。').waitFor()
    const row = page.locator('tbody tr', { hasText: '晋中市应急管理局监管员' })
    await row.getByText('危险化学品、烟花爆竹').waitFor()
    await shot(page, 'saved')
    await page.context().close()
  })

  it('the recorder finds the new book on their 履职台账', async () => {
    const page = await signedInPage(app, 'jz_yjj_clerk')
    await nav(page, '履职台账').click()
    await page.getByRole('heading', { name: /晋中市应急管理局监管员 · 副局长/ }).waitFor()
    await page.context().close()
  })
})
