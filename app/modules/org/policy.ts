import type { Actor, EnterpriseActor } from '../auth/actor'

// Who may read and maintain the organisation (组织机构, 岗位, 花名册). Pure; tested in
// tests/unit/module-policy.test.ts.

/** 维护岗位: only the enterprise's safety administrator creates and edits posts. */
export function canManagePosts(actor: Actor): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && actor.role === 'enterprise_admin'
}

/** The org tree, an employee's record and the roster are the staff's (admin and heads), not a worker's. */
export function canReadOrg(actor: Actor): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && actor.role !== 'worker'
}
