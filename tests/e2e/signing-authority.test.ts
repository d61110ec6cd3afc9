import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// Issue 10 part B in the browser: a head who is not the 主要负责人 sees no sign button and is refused
// if they post anyway; the 主要负责人 signs, and the printed report shows the anchored ledger head.
const app = useApp()

describe('signing authority', () => {
  it('the 分管安全副总 sees no 签字并发布 and is refused; the 主要负责人 signs and the report shows the ledger anchor', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await nav(admin, '状况报告').click()
    await admin.getByRole('button', { name: '编制本期报告' }).click()
    await admin.getByText('待主要负责人签字发布').waitFor()
    await admin.context().close()

    const deputy = await signedInPage(app, 'hs_vp_safety')
    await nav(deputy, '状况报告').click()
    await deputy.locator('table.data tbody a').first().click()
    await deputy.waitForURL(/\/enterprise\/reports\/[0-9a-f-]{36}$/)
    await deputy.getByText('待主要负责人签字发布').waitFor()
    expect(await deputy.getByRole('button', { name: '签字并发布' }).count()).toBe(0)
    // posting anyway: the module refuses
    const url = new URL(deputy.url())
    const res = await deputy.request.post(url.pathname, { headers: { origin: url.origin }, form: {} })
    expect(res.status()).toBe(403)
    expect(await res.text()).toContain('主要负责人')
    await deputy.reload()
    await deputy.getByText('待主要负责人签字发布').waitFor()
    await deputy.context().close()

    const head = await signedInPage(app, 'hs_head')
    await nav(head, '状况报告').click()
    await head.locator('table.data tbody a').first().click()
    await head.getByRole('button', { name: '签字并发布' }).click()
    await head
      .getByText(/签字发布$/)
      .first()
      .waitFor()
    await head.getByText(/签字确认台账锚点（签字发布时冻结）：第 \d+ 条/).waitFor()
    await head.screenshot({ path: '/tmp/ta-report-anchor.png', fullPage: true })
    await head.context().close()
  })
})
