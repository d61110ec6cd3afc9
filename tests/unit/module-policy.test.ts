import { describe, expect, it } from 'vitest'
import { canManageConfirmations, canReadConfirmationsOf } from '../../app/modules/acknowledgements/policy'
import type { Actor, EnterpriseActor } from '../../app/modules/auth/actor'
import { isResetByLink } from '../../app/modules/auth/policy'
import { canEditDutyLists, canOverseeDutyLists, isApprover } from '../../app/modules/duties/policy'
import { canChangeRegisteredIdentity, canChangeSupervisionKeys, canEditEnterpriseProfile } from '../../app/modules/enterprises/policy'
import { canAttachEvidence, canOpenEvidence } from '../../app/modules/evidence/policy'
import { canManageObligations } from '../../app/modules/obligations/policy'
import { canExportRoster, canManagePosts, canReadOrg } from '../../app/modules/org/policy'

// The permission decisions the modules ask before they read or write, one pure function each.

const person = (role: EnterpriseActor['role'], employeeId: string | null = 'e1'): EnterpriseActor => ({
  kind: 'enterprise',
  userId: `u-${role}`,
  role,
  displayName: role,
  enterpriseId: 'ent',
  employeeId,
})
const admin = person('enterprise_admin')
const head = person('enterprise_head')
const worker = person('worker')
const regulator: Actor = { kind: 'regulator', userId: 'r', role: 'regulator', displayName: 'r', departmentId: 'd' }
const platform: Actor = { kind: 'platform', userId: 'p', role: 'platform_admin', displayName: 'p' }
const everyone: Actor[] = [admin, head, worker, regulator, platform]
const who = (rule: (a: Actor) => boolean) => everyone.filter(rule).map((a) => a.role)

describe('the safety administrator’s decisions', () => {
  for (const [name, rule] of [
    ['canEditDutyLists', canEditDutyLists],
    ['canManagePosts', canManagePosts],
    ['canManageConfirmations', canManageConfirmations],
    ['canEditEnterpriseProfile', canEditEnterpriseProfile],
    ['canManageObligations', canManageObligations],
    ['canExportRoster', canExportRoster],
  ] as const)
    it(`${name}: the enterprise admin only`, () => expect(who(rule)).toEqual(['enterprise_admin']))
})

describe('what the staff (admin and heads) read', () => {
  for (const [name, rule] of [
    ['canOverseeDutyLists', canOverseeDutyLists],
    ['canReadOrg', canReadOrg],
    ['canOpenEvidence', canOpenEvidence],
  ] as const)
    it(`${name}: admin and heads, never a worker, a regulator or the platform`, () =>
      expect(who(rule)).toEqual(['enterprise_admin', 'enterprise_head']))
})

describe('who supervises an enterprise', () => {
  it('its 行业 and 所在地区 (which name its supervising departments) are changed by the platform only, never by the enterprise', () =>
    expect(who(canChangeSupervisionKeys)).toEqual(['platform_admin']))
  it('its registered name and credit code are changed by the platform only, never by the enterprise', () =>
    expect(who(canChangeRegisteredIdentity)).toEqual(['platform_admin']))
})

describe('duty-list approvers', () => {
  it('a head with an employee record is asked to approve; a head without one, and anyone else, is not', () => {
    expect(who(isApprover)).toEqual(['enterprise_head'])
    expect(isApprover(person('enterprise_head', null))).toBe(false)
  })
})

describe('confirmations a person reads', () => {
  it('a worker reads only their own; the staff read anyone’s of their enterprise', () => {
    expect(canReadConfirmationsOf(worker, 'e1')).toBe(true)
    expect(canReadConfirmationsOf(worker, 'e2')).toBe(false)
    expect(canReadConfirmationsOf(person('worker', null), 'e2')).toBe(false)
    expect(canReadConfirmationsOf(admin, 'e2')).toBe(true)
    expect(canReadConfirmationsOf(head, 'e2')).toBe(true)
  })
})

describe('evidence a person attaches', () => {
  it('a worker attaches photos to the hazard they report, nothing else; staff attach to any record', () => {
    expect(canAttachEvidence(worker, 'hazard-report')).toBe(true)
    expect(canAttachEvidence(worker, 'drill')).toBe(false)
    expect(canAttachEvidence(admin, 'drill')).toBe(true)
    expect(canAttachEvidence(head, 'inspection')).toBe(true)
    expect(canAttachEvidence(regulator, 'hazard-report')).toBe(false)
    expect(canAttachEvidence(platform, 'drill')).toBe(false)
  })
})

describe('password resets', () => {
  it('only a worker’s account is reset by a link from the admin', () => {
    expect(isResetByLink('worker')).toBe(true)
    for (const role of ['enterprise_admin', 'enterprise_head', 'regulator', 'platform_admin'] as const)
      expect(isResetByLink(role)).toBe(false)
  })
})
