import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// 清除 must clear the fields as well as the list: a field that still shows the old value would be
// re-applied by the next 筛选. Checked on a text filter and on a select, on two roles' tables.
const app = useApp()
// the page changes when the loader has answered, after the URL (a loaded machine takes seconds)
const WAIT = { timeout: 20_000 }

/** the table's total, from its pager (共 N 条) */
async function total(page: Page) {
  const text = (await page.locator('.pager > span').first().textContent()) ?? ''
  return Number(/共 (\d+) 条/.exec(text)?.[1] ?? NaN)
}

describe('filter bars show the URL’s state', () => {
  it('花名册: 清除 empties the search field, and the next 筛选 shows everyone again', async () => {
    const page = await signedInPage(app, 'hs_admin')
    await nav(page, '花名册').click()
    await page.waitForURL('**/enterprise/roster')
    await expect.poll(() => total(page), WAIT).toBeGreaterThan(1)
    const everyone = await total(page)
    await page.locator('input[name=q]').fill('孙鹏')
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL(/q=%E5%AD%99%E9%B9%8F/)
    await expect.poll(() => total(page), WAIT).toBe(1)

    await page.getByRole('link', { name: '清除' }).click()
    await page.waitForURL((url) => !url.search.includes('q='))
    await expect.poll(() => page.locator('input[name=q]').inputValue(), WAIT).toBe('')
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL(/q=&|q=$/)
    await expect.poll(() => total(page), WAIT).toBe(everyone)
  })

  it('监管企业: a cleared select shows 全部 again, and the back button brings the filter back into the field', async () => {
    const page = await signedInPage(app, 'jz_yjj')
    await page.goto('/regulator/enterprises')
    const industry = page.locator('select[name=industry]')
    await industry.selectOption('construction')
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL(/industry=construction/)
    await expect.poll(() => total(page), WAIT).toBe(1)

    await page.getByRole('link', { name: '清除' }).click()
    await page.waitForURL((url) => !url.search.includes('industry='))
    await expect.poll(() => industry.inputValue(), WAIT).toBe('')
    await expect.poll(() => total(page), WAIT).toBe(3)

    await page.goBack()
    await page.waitForURL(/industry=construction/)
    await expect.poll(() => industry.inputValue(), WAIT).toBe('construction')
  })

  it('监管企业: the cascading region picker (县区 → 街道) filters the list, the figures and the charts', async () => {
    const page = await signedInPage(app, 'jz_yjj')
    await page.goto('/regulator/enterprises')
    await expect.poll(() => total(page), WAIT).toBe(3)
    const county = page.getByRole('combobox', { name: '县（市、区）' })
    const street = page.getByRole('combobox', { name: '乡镇（街道）' })
    // the street level appears once a county is chosen, with that county's streets only
    expect(await street.count()).toBe(0)
    await county.selectOption({ label: '榆次区' })
    await expect.poll(() => street.locator('option').allTextContents(), WAIT).toContain('锦纶街道')
    expect(await street.locator('option').allTextContents()).not.toContain('榆次区')
    await street.selectOption({ label: '锦纶街道' })
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL(/region=140702002/)
    await expect.poll(() => total(page), WAIT).toBe(1)
    expect(await page.locator('table.data').first().getByRole('link', { name: '晋中市华晟化工有限公司' }).count()).toBe(1)
    // the figures and the charts count the filtered enterprises only
    await expect.poll(() => page.locator('.stats .stat b').first().textContent(), WAIT).toBe('1')
    const shares = page.getByRole('region', { name: '各地区红旗企业占比' })
    await expect.poll(() => shares.locator('tbody tr').count(), WAIT).toBe(1)
    expect(await shares.locator('tbody tr').first().textContent()).toContain('锦纶街道')
    // the picker shows the filter after the page reloads, and back to the whole city clears it
    expect(await street.inputValue()).toBe('140702002')
    await county.selectOption('')
    expect(await street.count()).toBe(0)
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL((url) => url.search.includes('region=') && !url.search.includes('region=1'))
    await expect.poll(() => total(page), WAIT).toBe(3)
    await expect.poll(() => page.locator('.stats .stat b').first().textContent(), WAIT).toBe('3')
  })
})
