import { loader as hazardsLoader } from '../../app/routes/enterprise.hazards._index'
import { loader as hazardStatsLoader } from '../../app/routes/enterprise.hazard-stats._index'
import { loader as dutyLogsLoader } from '../../app/routes/enterprise.duty-logs._index'
import { loader as assessmentsLoader } from '../../app/routes/enterprise.assessments._index'
import { loader as risksLoader } from '../../app/routes/enterprise.risks'
import { loader as hazardReportLoader } from '../../app/routes/me.hazards.new'
import { loader as checksLoader } from '../../app/routes/enterprise.checks._index'
import { loader as myChecksLoader } from '../../app/routes/me.checks._index'
import { loader as regulatorHazardsLoader } from '../../app/routes/regulator.hazards'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCESS, mayOpen, navFor, type AreaName } from '../../app/modules/auth/access'
import { loader as enterpriseHome } from '../../app/routes/enterprise._index'
import { loader as confirmationsLoader } from '../../app/routes/enterprise.confirmations._index'
import { loader as drillsLoader } from '../../app/routes/enterprise.drills._index'
import { loader as obligationsLoader } from '../../app/routes/enterprise.obligations._index'
import { loader as orgLoader } from '../../app/routes/enterprise.org._index'
import { loader as postsLoader } from '../../app/routes/enterprise.posts._index'
import { loader as reportsLoader } from '../../app/routes/enterprise.reports._index'
import { loader as rosterLoader } from '../../app/routes/enterprise.roster._index'
import { loader as supervisionLoader } from '../../app/routes/enterprise.supervision._index'
import { loader as trainingLoader } from '../../app/routes/enterprise.training._index'
import { loader as platformAccountsLoader } from '../../app/routes/platform.accounts'
import { loader as platformPushLoader } from '../../app/routes/platform.push'
import { loader as regulatorOrdersLoader } from '../../app/routes/regulator.orders'
import { loader as leaderLedgerLoader } from '../../app/routes/regulator.ledger._index'
import { loader as officeLedgersLoader } from '../../app/routes/office.ledgers'
import type { Role } from '../../db/types'
import { action as profileAction, loader as profileLoader } from '../../app/routes/enterprise.profile'
import { loader as meLoader } from '../../app/routes/me._index'
import { loader as platformEnterprises } from '../../app/routes/platform.enterprises._index'
import { action as newEnterpriseAction } from '../../app/routes/platform.enterprises.new'
import { loader as platformRegulators } from '../../app/routes/platform.regulators'
import { loader as regulatorDetail } from '../../app/routes/regulator.enterprises.$enterpriseId._index'
import { loader as regulatorList } from '../../app/routes/regulator.enterprises._index'
import { demoEnterprises } from '../../seeds/demo'
import { createTestDatabase, type TestDatabase } from './helpers'
import { type Handler, cookieFor, dataOf, get, post, run, statusOf } from './requests'

let t: TestDatabase
const cookies: Record<string, string> = {}
const ids: Record<string, string> = {}
const worker = demoEnterprises[0]!.accounts.find((a) => a.role === 'worker')!

beforeAll(async () => {
  t = await createTestDatabase()
  for (const who of [
    'hs_admin',
    'hs_head',
    'jj_admin',
    'ty_admin',
    'jz_yjj',
    'jz_zjj',
    'jz_jtj',
    'yc_street',
    'ty_yjj',
    'platform',
    'jz_awb',
  ]) {
    cookies[who] = await cookieFor(t.db, who)
  }
  cookies.worker = await cookieFor(t.db, worker.phone!)
  for (const e of await t.db.selectFrom('enterprises').select(['id', 'name']).execute()) ids[e.name] = e.id
})
afterAll(() => t.destroy())

const HS = '晋中市华晟化工有限公司'
const JJ = '山西晋建建设工程有限公司'
const TD = '晋中通达物流运输有限公司'
const TY = '太原市鑫源化工有限公司'

async function namesSeenBy(who: string, query = '') {
  const res = await run(regulatorList, get(`/regulator/enterprises${query}`, cookies[who]))
  expect(statusOf(res)).toBe(200)
  return dataOf(res)
    .page.rows.map((r) => r.name)
    .sort()
}

describe('regulator scope', () => {
  it('the city 应急管理局 sees every enterprise of its city and none of another city', async () => {
    expect(await namesSeenBy('jz_yjj')).toEqual([HS, JJ, TD].sort())
  })
  it('the 住建局 sees only 建筑施工 enterprises', async () => {
    expect(await namesSeenBy('jz_zjj')).toEqual([JJ])
  })
  it('the 交通运输局 sees only 道路运输 enterprises', async () => {
    expect(await namesSeenBy('jz_jtj')).toEqual([TD])
  })
  it('a 街道 sees only the enterprises in its own area', async () => {
    expect(await namesSeenBy('yc_street')).toEqual([HS])
  })
  it('another city’s 应急管理局 sees only its own city', async () => {
    expect(await namesSeenBy('ty_yjj')).toEqual([TY])
  })
  it('a filter can only narrow the scope, never widen it', async () => {
    expect(await namesSeenBy('jz_zjj', '?industry=hazchem')).toEqual([])
    expect(await namesSeenBy('jz_zjj', '?region=140105')).toEqual([])
    expect(await namesSeenBy('jz_yjj', '?industry=construction')).toEqual([JJ])
    expect(await namesSeenBy('jz_yjj', '?q=物流')).toEqual([TD])
  })
  it('sorts and paginates in SQL', async () => {
    const res = await run(regulatorList, get('/regulator/enterprises?sort=workers&dir=desc&size=10&page=1', cookies.jz_yjj))
    const rows = dataOf<any>(res).page.rows as { workers: number }[]
    expect(rows.map((r) => r.workers)).toEqual([...rows.map((r) => r.workers)].sort((a, b) => b - a))
    const page2 = await run(regulatorList, get('/regulator/enterprises?size=10&page=2', cookies.jz_yjj))
    expect(dataOf<any>(page2).page).toMatchObject({ rows: [], total: 3, page: 2 })
  })
  it('an enterprise outside the scope is a 404, inside it is shown', async () => {
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.jz_zjj), { enterpriseId: ids[HS]! }))).toBe(404)
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.ty_yjj), { enterpriseId: ids[JJ]! }))).toBe(404)
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.yc_street), { enterpriseId: ids[TD]! }))).toBe(404)
    const ok = await run(regulatorDetail, get('/x', cookies.jz_zjj), { enterpriseId: ids[JJ]! })
    expect(statusOf(ok)).toBe(200)
    expect(dataOf<any>(ok).profile.name).toBe(JJ)
  })
  it('an id that is not a UUID, or does not exist, is a 404 and not an error', async () => {
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.jz_yjj), { enterpriseId: '1' }))).toBe(404)
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.jz_yjj), { enterpriseId: '00000000-0000-4000-8000-000000000000' }))).toBe(
      404,
    )
  })
})

describe('each role is kept to its own pages (403) and its own tenant', () => {
  // every area of the access table, by its landing page: a new area without one fails the type check
  const landing: Record<AreaName, Handler<unknown>> = {
    enterpriseHome,
    posts: postsLoader,
    confirmations: confirmationsLoader,
    obligations: obligationsLoader,
    reports: reportsLoader,
    dutyLogs: dutyLogsLoader,
    assessments: assessmentsLoader,
    supervision: supervisionLoader,
    training: trainingLoader,
    drills: drillsLoader,
    org: orgLoader,
    roster: rosterLoader,
    profile: profileLoader,
    me: meLoader,
    regulatorEnterprises: regulatorList,
    regulatorOrders: regulatorOrdersLoader,
    hazards: hazardsLoader,
    checks: checksLoader,
    risks: risksLoader,
    hazardStats: hazardStatsLoader,
    hazardReport: hazardReportLoader,
    myChecks: myChecksLoader,
    regulatorHazards: regulatorHazardsLoader,
    platformEnterprises,
    platformRegulators,
    platformPush: platformPushLoader,
    platformAccounts: platformAccountsLoader,
    leaderLedger: leaderLedgerLoader,
    officeLedgers: officeLedgersLoader,
  }
  const accounts: Record<string, Role> = {
    hs_admin: 'enterprise_admin',
    hs_head: 'enterprise_head',
    worker: 'worker',
    jz_yjj: 'regulator',
    platform: 'platform_admin',
    jz_awb: 'safety_office',
  }
  for (const [who, role] of Object.entries(accounts)) {
    it(`${who} opens exactly the areas the access table gives ${role}`, async () => {
      for (const area of Object.keys(ACCESS) as AreaName[]) {
        const status = statusOf(await run(landing[area], get(ACCESS[area].path, cookies[who])))
        expect(status, `${who} → ${ACCESS[area].path}`).toBe(mayOpen(role, area) ? 200 : 403)
      }
    })
  }

  it('the navigation links exactly the labelled areas a role may open: heads see 教育培训 and 预案演练', () => {
    const labels = (role: Role, hasEmployee = true) => navFor(role, hasEmployee).map((n) => n.label)
    expect(labels('enterprise_head')).toEqual([
      '企业首页',
      '责任清单',
      '签字确认',
      '二十条',
      '状况报告',
      '履职记录',
      '责任制考核',
      '检查整改',
      '隐患治理',
      '隐患排查',
      '风险管控',
      '教育培训',
      '预案演练',
      '组织机构',
      '我的履责',
      '报告隐患',
    ])
    expect(labels('enterprise_admin', false)).toEqual([
      '企业首页',
      '责任清单',
      '签字确认',
      '二十条',
      '状况报告',
      '履职记录',
      '责任制考核',
      '检查整改',
      '隐患治理',
      '隐患排查',
      '风险管控',
      '教育培训',
      '预案演练',
      '组织机构',
      '花名册',
      '企业信息',
      '报告隐患',
    ])
    expect(labels('worker')).toEqual(['我的履责', '报告隐患'])
    expect(labels('regulator')).toEqual(['监管企业', '整改跟踪', '重大隐患', '履职台账'])
    expect(labels('safety_office')).toEqual(['台账报送'])
    expect(labels('platform_admin')).toEqual(['企业管理', '监管账号', '省级平台推送', '账号管理'])
    for (const role of Object.values(accounts))
      for (const item of navFor(role, true)) {
        const area = (Object.keys(ACCESS) as AreaName[]).find((a) => ACCESS[a].path === item.to)!
        expect(mayOpen(role, area), `${role} → ${item.to}`).toBe(true)
      }
  })

  it('a regulator never opens a detail page through an enterprise role, nor an enterprise user a regulator detail', async () => {
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.hs_admin), { enterpriseId: ids[HS]! }))).toBe(403)
    expect(statusOf(await run(regulatorDetail, get('/x', cookies.worker), { enterpriseId: ids[HS]! }))).toBe(403)
  })

  it('an enterprise admin sees and edits only their own enterprise', async () => {
    const own = dataOf<any>(await run(enterpriseHome, get('/enterprise', cookies.jj_admin)))
    expect(own.profile.name).toBe(JJ)
    const ty = dataOf<any>(await run(enterpriseHome, get('/enterprise', cookies.ty_admin)))
    expect(ty.profile.name).toBe(TY)
  })

  it('a worker sees their own record only, with the ID number masked', async () => {
    const me = dataOf<any>(await run(meLoader, get('/me', cookies.worker)))
    expect(me.employee.phone).toBe(worker.phone)
    expect(me.enterpriseName).toBe(HS)
    if (me.employee.idCardMasked) expect(me.employee.idCardMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/)
  })

  it('a head cannot post the profile form; a worker cannot create an enterprise', async () => {
    const form = { name: 'x' }
    expect(statusOf(await run(profileAction, post('/enterprise/profile', form, cookies.hs_head)))).toBe(403)
    expect(statusOf(await run(newEnterpriseAction, post('/platform/enterprises/new', form, cookies.worker)))).toBe(403)
    expect(statusOf(await run(newEnterpriseAction, post('/platform/enterprises/new', form, cookies.jz_yjj)))).toBe(403)
  })

  it('a signed-in user posting from another origin is refused', async () => {
    const res = await run(profileAction, post('/enterprise/profile', { name: 'x' }, cookies.hs_admin, 'http://evil.example'))
    expect(statusOf(res)).toBe(403)
    const noOrigin = await run(profileAction, post('/enterprise/profile', { name: 'x' }, cookies.hs_admin, null))
    expect(statusOf(noOrigin)).toBe(403)
  })

  it('anonymous requests go to the sign-in page', async () => {
    const res = (await run(regulatorList, get('/regulator/enterprises?page=2'))) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent('/regulator/enterprises?page=2')}`)
  })
})
