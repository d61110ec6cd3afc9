import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as profileAction } from '../../app/routes/enterprise.profile'
import { action as newEnterpriseAction } from '../../app/routes/platform.enterprises.new'
import { action as newEmployeeAction } from '../../app/routes/enterprise.roster.new'
import { countRows } from '../../seeds/seed'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, post, run, statusOf } from './requests'

// Issue 11, finding 3: identity numbers that pass a check character but cannot exist are refused
// beside their field, the values kept, nothing written.

let t: TestDatabase
let admin: string
let platform: string
beforeAll(async () => {
  t = await createTestDatabase()
  admin = await cookieFor(t.db, 'hs_admin')
  platform = await cookieFor(t.db, 'platform')
})
afterAll(() => t.destroy())

function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]!
  return first17 + '10X98765432'[sum % 11]!
}

describe('identity numbers a regulator can rely on', () => {
  it('refuses the credit code 000000000000000000 on the profile and on a new enterprise', async () => {
    const profile = {
      name: '晋中市华晟化工有限公司',
      creditCode: '000000000000000000',
      industryCode: 'hazchem',
      regionCode: '140702002',
      address: '山西省晋中市榆次区锦纶街道锦纶路东段168号',
      legalRepresentative: '赵志刚',
      principalName: '赵志刚',
      phone: '0354-3268810',
    }
    const before = await countRows(t.db)
    const res = await run(profileAction, post('/enterprise/profile', profile, admin))
    expect(statusOf(res)).toBe(400)
    // the enterprise's own form has no credit code: the platform registers and changes it
    expect(dataOf<any>(res).fieldErrors.creditCode).toMatch(/平台管理员/)
    expect(dataOf<any>(res).values.creditCode).toBe('000000000000000000')
    const created = await run(
      newEnterpriseAction,
      post(
        '/platform/enterprises/new',
        {
          ...profile,
          name: '晋中市安泰燃气有限公司',
          regionCode: '140781',
          creditCode: '91140799MA0GR4KT4' + 'X',
          adminName: '孙安',
          adminUsername: 'at_admin',
          adminPhone: '13900002222',
          adminPassword: 'Safety2026x',
        },
        platform,
      ),
    )
    expect(statusOf(created)).toBe(400)
    expect(dataOf<any>(created).fieldErrors.creditCode).toMatch(/第3至8位/)
    expect(await countRows(t.db)).toEqual(before)
    const hs = await t.db.selectFrom('enterprises').select('credit_code').where('credit_code', '=', '91140702MA0GR4KT4R').executeTakeFirst()
    expect(hs).toBeTruthy()
  })

  it('refuses a 身份证号 born on 30 February, in 2099, in no province, or under 16 when hired', async () => {
    const base = { name: '身份测试', employeeNo: 'HS9101', phone: '13912349101', employmentType: '正式', hiredOn: '2024-03-05' }
    const cases: [string, RegExp][] = [
      [withCheck('14070219880230107'), /出生日期不存在/],
      [withCheck('14070220990510107'), /出生日期 2099-05-10 晚于今天|出生日期不存在/],
      [withCheck('00070219880510107'), /前两位「00」不是有效的省级行政区划代码/],
      [withCheck('14070220100601107'), /入职时未满16周岁/],
    ]
    const before = await countRows(t.db)
    for (const [idCard, message] of cases) {
      const res = await run(newEmployeeAction, post('/enterprise/roster/new', { ...base, idCard }, admin))
      expect(statusOf(res), idCard).toBe(400)
      expect(dataOf<any>(res).fieldErrors.idCard, idCard).toMatch(message)
      expect(dataOf<any>(res).values.idCard).toBe(idCard)
    }
    expect(await countRows(t.db)).toEqual(before)
    // a real one goes in
    const ok = await run(newEmployeeAction, post('/enterprise/roster/new', { ...base, idCard: '140702198805101078' }, admin))
    expect(statusOf(ok)).toBe(302)
  })
})
