import { describe, expect, it } from 'vitest'
import { signedInPage, useApp } from './harness'

// Issue 13 #2: after a successful create the form is empty — nothing typed or chosen for the last
// record carries over into the next (the form kit's useFreshFormKey remounts it).
const app = useApp()
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])

describe('forms reset after a create', () => {
  it('a plan registered without a file gets no file, though the previous one had one', async () => {
    const page = await signedInPage(app, 'hs_admin')
    await page.goto('/enterprise/drills')
    const register = async (title: string, withFile: boolean) => {
      await page.locator('select[name=kind]').selectOption('专项预案')
      await page.locator('input[name=title]').fill(title)
      await page.locator('input[name=version]').fill('2026版')
      await page.locator('input[name=issuedOn]').fill('2026-10-08')
      if (withFile) await page.locator('input[name=file]').setInputFiles({ name: '预案文本.pdf', mimeType: 'application/pdf', buffer: PDF })
      await page.getByRole('button', { name: '登记', exact: true }).click()
      await page.locator('table.data tbody tr', { hasText: title }).waitFor()
    }
    await register('液氨泄漏专项应急预案', true)
    expect(await page.locator('input[name=title]').inputValue()).toBe('')
    expect(await page.locator('input[name=file]').evaluate((el: HTMLInputElement) => el.files?.length ?? 0)).toBe(0)
    await register('加氢反应釜超温专项应急预案', false)
    const first = page.locator('table.data tbody tr', { hasText: '液氨泄漏专项应急预案' })
    const second = page.locator('table.data tbody tr', { hasText: '加氢反应釜超温专项应急预案' })
    expect(await first.locator('a[href^="/evidence/"]').count()).toBe(1)
    expect(await second.locator('a[href^="/evidence/"]').count()).toBe(0)
    await page.context().close()
  })

  it('the certificate form is empty after 证书已登记', async () => {
    const page = await signedInPage(app, 'hs_admin')
    await page.goto('/enterprise/certificates')
    await page.locator('select[name=employeeId]').selectOption({ label: '孙鹏（HS009）' })
    await page.locator('input[name=kind]').fill('特种作业操作证（危险化学品安全作业·加氢工艺作业）')
    await page.locator('input[name=number]').fill('T140702199001019999')
    await page.locator('input[name=authority]').fill('山西省应急管理厅')
    await page.locator('input[name=issuedOn]').fill('2024-03-05')
    await page.locator('input[name=expiresOn]').fill('2030-03-05')
    await page.getByRole('button', { name: '登记', exact: true }).click()
    await page.getByText('证书已登记。').waitFor()
    await page.locator('table.data tbody tr', { hasText: 'T140702199001019999' }).waitFor()
    for (const name of ['kind', 'number', 'authority', 'issuedOn', 'expiresOn'])
      expect(await page.locator(`input[name=${name}]`).inputValue(), name).toBe('')
    expect(await page.locator('select[name=employeeId]').inputValue()).toBe('')
    await page.screenshot({ path: '/tmp/shots/certificate-form-after-create.png', fullPage: true })
    await page.context().close()
  })
})
