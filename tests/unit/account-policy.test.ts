import { describe, expect, it } from 'vitest'
import { invitationMayActivate, passwordResetDecision } from '../../app/modules/auth/policy'

const E1 = 'e1'
const admin = { userId: 'a', role: 'enterprise_admin' as const, enterpriseId: E1 }
const platform = { userId: 'p', role: 'platform_admin' as const, enterpriseId: null }

describe('who resets whose password', () => {
  it('the enterprise admin: a worker of their own enterprise, by link only', () => {
    expect(passwordResetDecision(admin, { userId: 'w', role: 'worker', enterpriseId: E1 })).toEqual({ ok: true, method: 'link' })
    expect(passwordResetDecision(admin, { userId: 'w', role: 'worker', enterpriseId: 'e2' })).toMatchObject({
      ok: false,
      reason: 'not_found',
    })
    expect(passwordResetDecision(admin, { userId: 'h', role: 'enterprise_head', enterpriseId: E1 })).toMatchObject({
      ok: false,
      reason: 'forbidden',
    })
    expect(passwordResetDecision(admin, { userId: 'a2', role: 'enterprise_admin', enterpriseId: E1 })).toMatchObject({
      ok: false,
      reason: 'forbidden',
    })
  })
  it('the platform admin: heads, admins and regulators, by temporary password; not workers or platform admins', () => {
    for (const role of ['enterprise_head', 'enterprise_admin', 'regulator'] as const) {
      expect(passwordResetDecision(platform, { userId: 'x', role, enterpriseId: role === 'regulator' ? null : E1 })).toEqual({
        ok: true,
        method: 'temporary',
      })
    }
    expect(passwordResetDecision(platform, { userId: 'w', role: 'worker', enterpriseId: E1 }).ok).toBe(false)
    expect(passwordResetDecision(platform, { userId: 'p2', role: 'platform_admin', enterpriseId: null }).ok).toBe(false)
  })
  it('nobody else, and nobody resets their own', () => {
    for (const role of ['enterprise_head', 'worker', 'regulator'] as const) {
      expect(passwordResetDecision({ userId: 'x', role, enterpriseId: E1 }, { userId: 'w', role: 'worker', enterpriseId: E1 }).ok).toBe(
        false,
      )
    }
    expect(passwordResetDecision(admin, { userId: 'a', role: 'worker', enterpriseId: E1 }).ok).toBe(false)
  })
})

describe('what an invitation may activate', () => {
  it('only a worker account that has never had a password', () => {
    expect(invitationMayActivate({ role: 'worker', hasPassword: false })).toBe(true)
    expect(invitationMayActivate({ role: 'worker', hasPassword: true })).toBe(false)
    expect(invitationMayActivate({ role: 'enterprise_head', hasPassword: false })).toBe(false)
    expect(invitationMayActivate({ role: 'enterprise_admin', hasPassword: true })).toBe(false)
  })
})
