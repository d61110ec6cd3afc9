import { describe, expect, it } from 'vitest'
import { ACCESS, mayManage, mayOpen, navFor, type AreaName } from '../../app/modules/auth/access'
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
