import type { Role } from '../../../db/types'

// Who may reset whose password, and how. Pure: unit-tested in tests/unit/account-policy.test.ts.
//
// - The enterprise admin resets a worker of their own enterprise only, with a one-time link the worker
//   redeems to set a new password themselves (the admin never learns it).
// - Heads' and admins' accounts (and regulators' and the 安委办's) are reset only by the platform admin: a temporary
//   password the owner must change at the next sign-in, where they are also told of the reset.
// - Nobody resets a platform admin's account through the portal, and nobody resets their own (they
//   change it with the current one).

export type ResetDecision = { ok: true; method: 'link' | 'temporary' } | { ok: false; reason: 'not_found' | 'forbidden'; message: string }

export interface ResetActor {
  userId: string
  role: Role
  enterpriseId: string | null
}
export interface ResetTarget {
  userId: string
  role: Role
  enterpriseId: string | null
}

export const HEAD_RESET_REFUSAL = '企业负责人和管理员的密码只能由平台管理员重置'

export function passwordResetDecision(actor: ResetActor, target: ResetTarget): ResetDecision {
  if (actor.userId === target.userId) return { ok: false, reason: 'forbidden', message: '请在“修改密码”中修改自己的密码' }
  if (actor.role === 'enterprise_admin') {
    // another enterprise's account does not exist for this admin
    if (!actor.enterpriseId || target.enterpriseId !== actor.enterpriseId)
      return { ok: false, reason: 'not_found', message: '未找到该账号' }
    if (target.role === 'worker') return { ok: true, method: 'link' }
    return { ok: false, reason: 'forbidden', message: HEAD_RESET_REFUSAL }
  }
  if (actor.role === 'platform_admin') {
    // the 安委办's account is set up by the platform like a regulator's, and reset the same way
    if (
      target.role === 'enterprise_admin' ||
      target.role === 'enterprise_head' ||
      target.role === 'regulator' ||
      target.role === 'safety_office'
    )
      return { ok: true, method: 'temporary' }
    if (target.role === 'worker') return { ok: false, reason: 'forbidden', message: '从业人员的密码由本单位安全管理员重置' }
    return { ok: false, reason: 'forbidden', message: '平台管理员账号不能在此重置' }
  }
  return { ok: false, reason: 'forbidden', message: '无权重置他人密码' }
}

/** Whether an invitation may (still) activate this account: a worker's, never given a password. */
export function invitationMayActivate(target: { role: Role; hasPassword: boolean }): boolean {
  return target.role === 'worker' && !target.hasPassword
}

/** A worker's password is reset by a one-time link from their admin; everyone else's by the platform admin. */
export function isResetByLink(role: Role): boolean {
  return role === 'worker'
}
