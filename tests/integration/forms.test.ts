import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as profileAction } from '../../app/routes/enterprise.profile'
import { action as newEnterpriseAction } from '../../app/routes/platform.enterprises.new'
import { action as regulatorsAction } from '../../app/routes/platform.regulators'
import { countRows, seedDatabase } from '../../seeds/seed'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, post, run, statusOf } from './requests'

let t: TestDatabase
let admin: string
let platform: string
beforeAll(async () => {
  t = await createTestDatabase()
  admin = await cookieFor(t.db, 'hs_admin')
  platform = await cookieFor(t.db, 'platform')
})
afterAll(() => t.destroy())

const goodProfile = {
  name: '晋中市华晟化工有限公司',
  creditCode: '91140702MA0GR4KT4R',
  industryCode: 'hazchem',
  regionCode: '140702002',
  address: '山西省晋中市榆次区锦纶街道锦纶路东段168号',
  legalRepresentative: '赵志刚',
  principalName: '赵志刚',
  phone: '0354-3268810',
}

async function hsRow() {
  return t.db.selectFrom('enterprises').selectAll().where('credit_code', '=', '91140702MA0GR4KT4R').executeTakeFirstOrThrow()
}

describe('enterprise profile form', () => {
  // what the enterprise keeps itself; its name, credit code, 行业 and 所在地区 are the platform's
  const ownProfile = {
    address: goodProfile.address,
    legalRepresentative: goodProfile.legalRepresentative,
    principalName: goodProfile.principalName,
    phone: goodProfile.phone,
  }

  it('rejects bad input with a Chinese message beside each field, keeps the values and writes nothing', async () => {
    const before = await hsRow()
    const form = { ...ownProfile, phone: '12345', address: '  ' }
    const res = await run(profileAction, post('/enterprise/profile', form, admin))
    expect(statusOf(res)).toBe(400)
    const body = dataOf<any>(res)
    expect(body.fieldErrors).toEqual({
      phone: '请填写11位手机号或带区号的固定电话，如 0354-3012345',
      address: '请填写地址',
    })
    expect(body.values.phone).toBe('12345')
    expect(await hsRow()).toEqual(before)
  })

  it('refuses the fields the platform keeps, each beside its field, even a value equal to the one on record', async () => {
    const before = await hsRow()
    const res = await run(
      profileAction,
      post(
        '/enterprise/profile',
        { ...ownProfile, name: goodProfile.name, creditCode: '91140702MA0K7D2Q4L', industryCode: 'nope', regionCode: '140700' },
        admin,
      ),
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors).toEqual({
      name: expect.stringMatching(/不能由企业自行变更/),
      creditCode: expect.stringMatching(/不能由企业自行变更/),
      industryCode: expect.stringMatching(/不能由企业自行变更/),
      regionCode: expect.stringMatching(/不能由企业自行变更/),
    })
    expect(await hsRow()).toEqual(before)
  })

  it('rejects fields the form does not have', async () => {
    const res = await run(profileAction, post('/enterprise/profile', { ...ownProfile, id: 'x' }, admin))
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors._form).toMatch(/无法识别/)
  })

  it('saves a valid profile, normalising the phone number and keeping the address as typed', async () => {
    const res = (await run(
      profileAction,
      post('/enterprise/profile', { ...ownProfile, address: ' 榆次区锦纶路１６８号 ', phone: '０３５４-３２６８８１１' }, admin),
    )) as Response
    expect(res.status).toBe(302)
    const row = await hsRow()
    // an address is prose: trimmed, its characters kept (issue 13 #7); the phone number is a code
    expect(row.address).toBe('榆次区锦纶路１６８号')
    expect(row.phone).toBe('0354-3268811')
    const audit = await t.db.selectFrom('audit_events').select('action').where('action', '=', 'enterprise.update').execute()
    expect(audit).toHaveLength(1)
  })
})

describe('platform admin creates enterprises and regulator accounts', () => {
  const newEnterprise = {
    name: '晋中市安泰燃气有限公司',
    creditCode: '91350100M000100Y43',
    industryCode: 'hazchem',
    regionCode: '140781',
    address: '介休市北关街道',
    legalRepresentative: '王五',
    principalName: '王五',
    phone: '13900001111',
    adminName: '孙安',
    adminUsername: 'at_admin',
    adminPhone: '13900002222',
    adminPassword: 'Safety2026x',
  }

  it('creates the enterprise and its admin account together; the admin can sign in', async () => {
    const res = (await run(newEnterpriseAction, post('/platform/enterprises/new', newEnterprise, platform))) as Response
    expect(res.status).toBe(302)
    const cookie = await cookieFor(t.db, '13900002222', 'Safety2026x')
    expect(cookie).toMatch(/session=/)
  })

  it('writes neither when the account part is invalid or taken', async () => {
    const before = await countRows(t.db)
    const res = await run(
      newEnterpriseAction,
      post(
        '/platform/enterprises/new',
        { ...newEnterprise, creditCode: '91140702MA0GR4KT4R', adminUsername: 'hs_admin', adminPassword: 'short' },
        platform,
      ),
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors.adminPassword).toBe('密码至少10位')
    const res2 = await run(
      newEnterpriseAction,
      post('/platform/enterprises/new', { ...newEnterprise, creditCode: '91140700701134972U', adminUsername: 'hs_admin' }, platform),
    )
    expect(statusOf(res2)).toBe(400)
    expect(dataOf<any>(res2).fieldErrors.adminUsername).toBe('该用户名已被使用')
    expect(dataOf<any>(res2).values.adminPassword).toBe('')
    expect(await countRows(t.db)).toEqual(before)
  })

  it('creates a regulator account bound to a department, which then sees that department’s scope', async () => {
    const dept = await t.db
      .selectFrom('departments')
      .select('id')
      .where('kind', '=', 'housing')
      .where('region_code', '=', '140700')
      .executeTakeFirstOrThrow()
    const bad = await run(
      regulatorsAction,
      post('/platform/regulators', { departmentId: 'x', displayName: '李', username: '1a', phone: '123', password: 'abc' }, platform),
    )
    expect(statusOf(bad)).toBe(400)
    expect(Object.keys(dataOf<any>(bad).fieldErrors).sort()).toEqual(['departmentId', 'displayName', 'password', 'phone', 'username'])
    const res = (await run(
      regulatorsAction,
      post(
        '/platform/regulators',
        { departmentId: dept.id, displayName: '李监管', username: 'jz_zjj2', phone: '13700003333', password: 'Regulate2026' },
        platform,
      ),
    )) as Response
    expect(res.status).toBe(302)
    const user = await t.db
      .selectFrom('users')
      .select(['role', 'department_id'])
      .where('username', '=', 'jz_zjj2')
      .executeTakeFirstOrThrow()
    expect(user).toEqual({ role: 'regulator', department_id: dept.id })
  })
})

describe('seeding', () => {
  it('is idempotent', async () => {
    const before = await countRows(t.db)
    await seedDatabase(t.owner, { demo: true })
    expect(await countRows(t.db)).toEqual(before)
  })
})
