import type { Actor, EnterpriseActor } from '../auth/actor'

// Who may issue invitations, remind, and read whose confirmations (签字确认). Pure; tested in
// tests/unit/module-policy.test.ts.

/** 邀请单 and 催办: the enterprise's safety administrator's. */
export function canManageConfirmations(actor: Actor): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && actor.role === 'enterprise_admin'
}

/** A worker reads only their own confirmations; the staff read every employee's of their enterprise. */
export function canReadConfirmationsOf(actor: EnterpriseActor, employeeId: string): boolean {
  return actor.role !== 'worker' || actor.employeeId === employeeId
}
