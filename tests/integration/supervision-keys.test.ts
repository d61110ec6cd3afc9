import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as profileAction, loader as profileLoader } from '../../app/routes/enterprise.profile'
import { action as platformEditAction, loader as platformEditLoader } from '../../app/routes/platform.enterprises.$enterpriseId'
import { loader as regulatorHazard } from '../../app/routes/regulator.enterprises.$enterpriseId.hazards.$id'
import { loader as regulatorDetail } from '../../app/routes/regulator.enterprises.$enterpriseId._index'
import { platformAccounts } from '../../seeds/demo'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'

// 行业 and 所在地区 decide which departments supervise an enterprise (reference/scope.server.ts inScope).
// The supervised party does not choose its supervisors: an enterprise whose 重大隐患 is under 挂牌督办
// (or whose 整改指令 is overdue) must not be able to move itself out of the department's scope from its
// own profile page, leaving the department unable to read, 复查 or 核销 what it opened.

let t: TestDatabase
const PLATFORM = platformAccounts[0]!.username!
const cookies: Record<string, string> = {}
let hs: string
let supervised: string

const profile = {
  name: '晋中市华晟化工有限公司',
  creditCode: '91140702MA0GR4KT4R',
  industryCode: 'hazchem',
  regionCode: '140702002',
  address: '山西省晋中市榆次区锦纶街道锦纶路东段168号',
  legalRepresentative: '赵志刚',
  principalName: '赵志刚',
  phone: '0354-3268810',
}

// the enterprise's own form: what it keeps itself
const own = {
  address: profile.address,
  legalRepresentative: profile.legalRepresentative,
  principalName: profile.principalName,
  phone: profile.phone,
}

beforeAll(async () => {
  t = await createTestDatabase()
  for (const who of ['hs_admin', 'jz_yjj', 'yc_street', 'ty_yjj', PLATFORM]) cookies[who] = await cookieFor(t.db, who)
  hs = (await t.db.selectFrom('enterprises').select('id').where('credit_code', '=', profile.creditCode).executeTakeFirstOrThrow()).id
  supervised = (
    await t.db
      .selectFrom('hazards')
      .select('id')
      .where('enterprise_id', '=', hs)
      .where('supervision_no', 'is not', null)
      .where('status', '<>', 'closed')
      .executeTakeFirstOrThrow()
  ).id
})
afterAll(() => t.destroy())

async function row() {
  return t.db.selectFrom('enterprises').select(['industry_code', 'region_code']).where('id', '=', hs).executeTakeFirstOrThrow()
}

describe('an enterprise does not choose the departments that supervise it', () => {
  it('the admin cannot move the enterprise to another city: its supervising department keeps it', async () => {
    const res = await run(profileAction, post('/enterprise/profile', { ...own, regionCode: '140105' }, cookies.hs_admin))
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors.regionCode).toMatch(/平台管理员/)
    expect(await row()).toEqual({ industry_code: 'hazchem', region_code: '140702002' })
    // the 挂牌督办 hazard is still the 晋中 应急管理局's (and the 街道's) to read, and not 太原's
    expect(statusOf(await run(regulatorHazard, get('/x', cookies.jz_yjj), { enterpriseId: hs, id: supervised }))).toBe(200)
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.yc_street), { enterpriseId: hs }))).toBe(200)
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.ty_yjj), { enterpriseId: hs }))).toBe(404)
  })

  it('nor to another street of the same district (the 街道 supervises by area)', async () => {
    const res = await run(profileAction, post('/enterprise/profile', { ...own, regionCode: '140702009' }, cookies.hs_admin))
    expect(statusOf(res)).toBe(400)
    expect(await row()).toEqual({ industry_code: 'hazchem', region_code: '140702002' })
  })

  it('nor change its industry, which names its industry department', async () => {
    const res = await run(profileAction, post('/enterprise/profile', { ...own, industryCode: 'construction' }, cookies.hs_admin))
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors.industryCode).toMatch(/平台管理员/)
    expect(await row()).toEqual({ industry_code: 'hazchem', region_code: '140702002' })
  })

  it('nor its registered name or credit code: the regulators and the provincial push know it by them', async () => {
    const before = await t.db.selectFrom('enterprises').select(['name', 'credit_code']).where('id', '=', hs).executeTakeFirstOrThrow()
    for (const change of [{ name: '晋中市另一家化工有限公司' }, { creditCode: '91140702MA0K7D2Q4L' }] as Record<string, string>[]) {
      const res = await run(profileAction, post('/enterprise/profile', { ...own, ...change }, cookies.hs_admin))
      expect(statusOf(res)).toBe(400)
      const [field] = Object.keys(change)
      expect(dataOf<any>(res).fieldErrors).toEqual({ [field!]: expect.stringMatching(/平台管理员/) })
      expect(dataOf<any>(res).values).toMatchObject(change)
    }
    expect(await t.db.selectFrom('enterprises').select(['name', 'credit_code']).where('id', '=', hs).executeTakeFirstOrThrow()).toEqual(
      before,
    )
    // the page shows both as they are on record
    const page = dataOf<any>(await run(profileLoader, get('/enterprise/profile', cookies.hs_admin)))
    expect(page.profile).toMatchObject({ name: profile.name, creditCode: profile.creditCode })
  })

  it('the rest of the profile is still the admin’s to keep', async () => {
    const res = await run(profileAction, post('/enterprise/profile', { ...own, phone: '0354-3268811' }, cookies.hs_admin))
    expect(statusOf(res)).toBe(302)
    expect(await row()).toEqual({ industry_code: 'hazchem', region_code: '140702002' })
  })
})

describe('the platform administrator changes them, on the record', () => {
  it('the enterprise admin and a regulator cannot open or post the platform’s edit page', async () => {
    for (const who of ['hs_admin', 'jz_yjj']) {
      expect(statusOf(await run(platformEditLoader, get('/x', cookies[who]!), { enterpriseId: hs }))).not.toBe(200)
      const res = await run(platformEditAction, post('/x', { ...profile, regionCode: '140105' }, cookies[who]!), { enterpriseId: hs })
      expect(statusOf(res)).not.toBe(302)
    }
    expect(await row()).toEqual({ industry_code: 'hazchem', region_code: '140702002' })
  })

  it('an id that is not an enterprise is not found', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-0000-0000-000000000000'])
      expect(statusOf(await run(platformEditLoader, get('/x', cookies[PLATFORM]!), { enterpriseId: id }))).toBe(404)
  })

  it('a move to another city: the old department loses the enterprise, the new one gains it, the audit says from where to where', async () => {
    const res = await run(platformEditAction, post('/x', { ...profile, regionCode: '140105' }, cookies[PLATFORM]!), { enterpriseId: hs })
    expect(statusOf(res)).toBe(302)
    expect(await row()).toEqual({ industry_code: 'hazchem', region_code: '140105' })
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.jz_yjj), { enterpriseId: hs }))).toBe(404)
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.ty_yjj), { enterpriseId: hs }))).toBe(200)
    const audit = await t.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'enterprise.update')
      .where('target', '=', hs)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow()
    const detail = typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail
    expect(detail.before).toMatchObject({ regionCode: '140702002', industryCode: 'hazchem' })
    expect(detail.after).toMatchObject({ regionCode: '140105', industryCode: 'hazchem' })
    // and back, with a bad phone refused beside its field and nothing written
    const bad = await run(platformEditAction, post('/x', { ...profile, phone: '电话' }, cookies[PLATFORM]!), { enterpriseId: hs })
    expect(statusOf(bad)).toBe(400)
    expect(dataOf<any>(bad).fieldErrors.phone).toBeTruthy()
    expect(await row()).toEqual({ industry_code: 'hazchem', region_code: '140105' })
  })
})

describe('a new name or licence is the platform’s to record', () => {
  it('the platform administrator renames the enterprise; the audit keeps the name it had', async () => {
    const renamed = { ...profile, regionCode: '140105', name: '晋中市华晟新材料有限公司' }
    const res = await run(platformEditAction, post('/x', renamed, cookies[PLATFORM]!), { enterpriseId: hs })
    expect(statusOf(res)).toBe(302)
    expect(await t.db.selectFrom('enterprises').select('name').where('id', '=', hs).executeTakeFirstOrThrow()).toEqual({
      name: renamed.name,
    })
    const audit = await t.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'enterprise.update')
      .where('target', '=', hs)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow()
    const detail = typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail
    expect(detail.before.name).toBe(profile.name)
    expect(detail.after.name).toBe(renamed.name)
    // the admin's form, opened before the rename, saves the rest of the profile and leaves the new name
    const saved = await run(profileAction, post('/enterprise/profile', { ...own, phone: '0354-3268812' }, cookies.hs_admin))
    expect(statusOf(saved)).toBe(302)
    expect(await t.db.selectFrom('enterprises').select(['name', 'phone']).where('id', '=', hs).executeTakeFirstOrThrow()).toEqual({
      name: renamed.name,
      phone: '0354-3268812',
    })
  })
})
