import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { todayInShanghai } from '../../app/utils/dates'
import { signedInPage, takeOnWorker, useApp } from './harness'

// The admin takes on a new 加氢 operator (the demo's own operators already hold their certificates:
// it has a year of history), who shows as 未持证; then records the certificate by picking it from the
// catalogue; free text and a scan whose content contradicts its name are refused beside their fields
// first; then the newcomer no longer shows as 未持证. Screenshots go to .tmp/shots/.
// dated from the tests' clock (AZT_TEST_NOW): issued on 5 March last year, its 复审 and validity ahead
const Y = Number(todayInShanghai().slice(0, 4))
const ISSUED = `${Y - 1}-03-05`
const REVIEW_DUE = `${Y + 2}-03-05`
const EXPIRES = `${Y + 5}-03-05`
const app = useApp()
const HYDRO = '特种作业操作证（危险化学品安全作业·加氢工艺作业）'
const shots = path.resolve(__dirname, '../../.tmp/shots')
const POST = '化工操作工（加氢）'
// the worker this journey takes on: a 工号 and 手机号 no demo employee has
const NEWCOMER = { name: '祁振华', employeeNo: 'HS901', phone: '13700000901' }
const LABEL = `${NEWCOMER.name}（${NEWCOMER.employeeNo}）`
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)])

describe('证书 from the catalogue in the browser', () => {
  it('records a certificate picked from the catalogue, and the worker is no longer 未持证', async () => {
    mkdirSync(shots, { recursive: true })
    const page = await signedInPage(app, 'hs_admin')
    // a new 加氢 operator, on the post from today
    await takeOnWorker(page, NEWCOMER, POST, todayInShanghai())

    await page.goto('/enterprise/certificates')
    const missing = page.locator('section', { has: page.getByRole('heading', { name: /岗位要求而未持有有效证书/ }) })
    await expect.poll(() => missing.getByText(LABEL).count()).toBeGreaterThan(0)

    // the picker offers the catalogue; the scan picker shows its types and limit from the one list
    expect(await page.locator(`datalist#certificate-catalogue option[value="${HYDRO}"]`).count()).toBe(1)
    expect(await page.locator('input[name=kind]').getAttribute('list')).toBe('certificate-catalogue')
    expect(await page.locator('input[name=scan]').getAttribute('accept')).toBe(
      '.pdf,application/pdf,.jpg,.jpeg,.jpe,image/jpeg,.png,image/png',
    )
    await page.getByText('支持 PDF（.pdf）、JPG 图片（.jpg）、PNG 图片（.png）；不超过 20 MB').waitFor()

    await page.locator('select[name=employeeId]').selectOption({ label: LABEL })
    await page.locator('input[name=kind]').fill('加氢工艺作业操作证')
    await page.locator('input[name=number]').fill('T140702199001011234')
    await page.locator('input[name=authority]').fill('山西省应急管理厅')
    await page.locator('input[name=issuedOn]').fill(ISSUED)
    await page.locator('input[name=expiresOn]').fill(`${Y + 19}-03-05`)
    await page.locator('input[name=scan]').setInputFiles({ name: '证书扫描.pdf', mimeType: 'application/pdf', buffer: PNG })
    await page.getByRole('button', { name: '登记', exact: true }).click()
    await page.locator('#f-kind-error').waitFor()
    expect(await page.locator('#f-kind-error').textContent()).toBe('请从证书目录中选择；目录中没有的，请填写“其他：证书名称”')
    expect(await page.locator('input[name=number]').inputValue()).toBe('T140702199001011234')
    await page.screenshot({ path: path.join(shots, 'certificates-refused.png'), fullPage: true })

    // picked from the catalogue, the kind's validity applies: 20 years is refused; the lying scan still is
    await page.locator('input[name=kind]').fill('加氢')
    await page.screenshot({ path: path.join(shots, 'certificates-picker.png') })
    await page.locator('input[name=kind]').fill(HYDRO)
    await page.locator('input[name=scan]').setInputFiles({ name: '证书扫描.pdf', mimeType: 'application/pdf', buffer: PNG })
    await page.getByRole('button', { name: '登记', exact: true }).click()
    await page.locator('#f-expiresOn-error').waitFor()
    expect(await page.locator('#f-expiresOn-error').textContent()).toBe(`特种作业操作证有效期6年，有效期至不能晚于${EXPIRES}`)
    expect(await page.locator('#f-scan-error').textContent()).toContain('名实不符')
    await page.screenshot({ path: path.join(shots, 'certificates-scan-refused.png'), fullPage: true })

    await page.locator('input[name=expiresOn]').fill(EXPIRES)
    await page.locator('input[name=scan]').setInputFiles({ name: '证书扫描.png', mimeType: 'image/png', buffer: PNG })
    await page.getByRole('button', { name: '登记', exact: true }).click()
    await page.getByText('证书已登记。').waitFor()
    const ledger = page.locator('table.data tbody tr', { hasText: 'T140702199001011234' })
    expect(await ledger.textContent()).toContain(HYDRO)
    expect(await ledger.textContent()).toContain(REVIEW_DUE) // 复审 derived: 3 years after issue
    expect(await ledger.locator('.badge').textContent()).toBe('有效')
    expect(await missing.getByText(LABEL).count()).toBe(0)
    await page.screenshot({ path: path.join(shots, 'certificates-recorded.png'), fullPage: true })

    // a post's requirements pick from the same catalogue
    await page.goto('/enterprise/posts/new')
    expect(await page.locator('input[name="requiredCertificates.0"]').getAttribute('list')).toBe('certificate-catalogue')
    await page.locator('input[name="requiredCertificates.0"]').fill('电工证')
    await page.locator('input[name=name]').fill('电气维修工')
    await page.locator('select[name=unitId]').selectOption({ index: 2 })
    await page.locator('select[name=tier]').selectOption('5')
    await page.getByRole('button', { name: '创建岗位' }).click()
    await page.locator('[id="f-requiredCertificates.0-error"]').waitFor()
    await page.screenshot({ path: path.join(shots, 'post-requirements-refused.png'), fullPage: true })
    await page.context().close()
  })
})
