import type { Role } from '../../../db/types'
import type { Actor } from '../auth/actor'
import { principalPost, type CurrentPost, type SignDecision } from '../org/policy'

// Who may sign a 自查 of the twenty items. Pure; tested in tests/unit/signing-policy.test.ts.

/** 自查表由主要负责人签字: only a head holding a tier-1 post now. */
export function canSignSelfCheck(input: { role: Role; posts: readonly CurrentPost[] }): SignDecision {
  const post = principalPost(input.role, input.posts)
  return post ? { ok: true, post } : { ok: false, message: '自查表须由主要负责人（第1级岗位在岗人员）签字' }
}

/** 二十条落实情况 and starting a 自查 are the safety administrator's; heads read and sign. */
export function canManageObligations(actor: Actor): boolean {
  return actor.kind === 'enterprise' && actor.role === 'enterprise_admin'
}
