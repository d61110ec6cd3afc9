import { describe, expect, it } from 'vitest'
import { ACCESS, mayManage, mayOpen, navEntriesFor, navFor, type AreaName, type NavEntry } from '../../app/modules/auth/access'
import type { Role } from '../../db/types'

const ROLES: Role[] = ['enterprise_admin', 'enterprise_head', 'worker', 'regulator', 'platform_admin']

describe('the route-access table', () => {
  it('only those who may open an area may manage or sign in it', () => {
    for (const area of Object.keys(ACCESS) as AreaName[])
      for (const role of ROLES) if (mayManage(role, area)) expect(mayOpen(role, area), `${role} ${area}`).toBe(true)
  })
  it('only the safety administrator manages the enterprise areas a head may read', () => {
    for (const area of ['posts', 'confirmations', 'obligations', 'reports', 'training', 'drills', 'org', 'profile'] as const) {
      expect(mayManage('enterprise_admin', area)).toBe(true)
      expect(mayManage('enterprise_head', area)).toBe(false)
      expect(mayManage('worker', area)).toBe(false)
    }
  })
  it('every nav link is an area its role may open, and every area of a role with a label is linked', () => {
    for (const role of ROLES) {
      const links = navFor(role, true).map((n) => n.to)
      for (const area of Object.keys(ACCESS) as AreaName[]) {
        const a = ACCESS[area]
        expect(links.includes(a.path), `${role} ${area}`).toBe('label' in a && mayOpen(role, area))
      }
    }
  })
  it('an admin or head without a post has no 我的履责 link; a worker always has it, and 报告隐患', () => {
    expect(navFor('enterprise_admin', false).map((n) => n.to)).not.toContain('/me')
    expect(navFor('enterprise_head', false).map((n) => n.to)).not.toContain('/me')
    expect(navFor('worker', false).map((n) => n.to)).toEqual(['/me', '/me/hazards/new'])
  })
})

describe('the grouped navigation', () => {
  const links = (entries: NavEntry[]) => entries.flatMap((e) => (e.kind === 'link' ? [e] : e.items))
  const top = (entries: NavEntry[]) => entries.map((e) => e.label)

  it('the safety administrator sees five groups and a few links, every area still linked once', () => {
    const entries = navEntriesFor('enterprise_admin', true)
    expect(top(entries)).toEqual(['企业首页', '责任制', '双重预防', '台账', '机构人员', '我的履责', '报告隐患'])
    const groups = Object.fromEntries(entries.flatMap((e) => (e.kind === 'group' ? [[e.label, e.items.map((i) => i.label)]] : [])))
    expect(groups).toEqual({
      责任制: ['责任清单', '签字确认', '履职记录', '责任制考核', '二十条', '状况报告'],
      双重预防: ['风险管控', '隐患排查', '隐患治理', '统计分析'],
      台账: ['教育培训', '证书管理', '预案演练', '安委会', '检查整改'],
      机构人员: ['组织机构', '花名册', '企业信息'],
    })
  })

  it('every link of navFor is shown exactly once, and every added page is one the role may open', () => {
    for (const role of ROLES)
      for (const hasEmployee of [true, false]) {
        const shown = links(navEntriesFor(role, hasEmployee)).map((l) => l.to)
        expect(new Set(shown).size, `${role}`).toBe(shown.length)
        for (const item of navFor(role, hasEmployee)) expect(shown, `${role} ${item.to}`).toContain(item.to)
      }
    expect(links(navEntriesFor('worker', true)).map((l) => l.to)).toEqual(['/me', '/me/hazards/new'])
    // a head reads the 证书 and 安委会 pages too (training and obligations areas), not the roster
    const head = links(navEntriesFor('enterprise_head', false)).map((l) => l.to)
    expect(head).toEqual(expect.arrayContaining(['/enterprise/certificates', '/enterprise/committee', '/enterprise/hazard-stats']))
    expect(head).not.toContain('/enterprise/roster')
  })

  it('a group with one link for a role is that link: a head’s 机构人员 is 组织机构', () => {
    expect(top(navEntriesFor('enterprise_head', true))).toEqual([
      '企业首页',
      '责任制',
      '双重预防',
      '台账',
      '组织机构',
      '我的履责',
      '报告隐患',
    ])
  })

  it('roles with a few links keep them ungrouped, in their order', () => {
    for (const role of ['worker', 'regulator', 'safety_office', 'platform_admin'] as const) {
      const entries = navEntriesFor(role, true)
      expect(entries.every((e) => e.kind === 'link')).toBe(true)
      expect(links(entries).map((l) => l.to)).toEqual(navFor(role, true).map((n) => n.to))
    }
  })
})
