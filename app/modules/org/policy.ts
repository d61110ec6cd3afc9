import type { Role } from '../../../db/types'
import type { Actor, EnterpriseActor } from '../auth/actor'

// Who may read and maintain the organisation (组织机构, 岗位, 花名册). Pure; tested in
// tests/unit/module-policy.test.ts.

/** 维护岗位: only the enterprise's safety administrator creates and edits posts. */
export function canManagePosts(actor: Actor): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && actor.role === 'enterprise_admin'
}

/**
 * The whole roster as a file (every worker's 手机号 and 身份证号 leaving the portal) is the safety
 * administrator's, who keeps it (the 花名册 page is theirs), not every head's: a 班组长 reads the org
 * but does not carry the enterprise's personal data away (《个人信息保护法》第五十一条: access limited to
 * those whose work needs it).
 */
export function canExportRoster(actor: Actor): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && actor.role === 'enterprise_admin'
}

/** The org tree, an employee's record and the roster are the staff's (admin and heads), not a worker's. */
export function canReadOrg(actor: Actor): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && actor.role !== 'worker'
}

export type CurrentPost = { postId: string; postName: string; tier: number }
export type SignDecision = { ok: true; post: CurrentPost } | { ok: false; message: string }

/**
 * The 主要负责人: an enterprise head holding a tier-1 post today (the first such post signs). Reports,
 * 自查 and inspection records are all signed by them, so the rule lives with the posts it reads.
 */
export function principalPost(role: Role, posts: readonly CurrentPost[]): CurrentPost | null {
  if (role !== 'enterprise_head') return null
  return posts.find((p) => p.tier === 1) ?? null
}
