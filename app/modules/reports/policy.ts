import type { Role } from '../../../db/types'

// Who may sign (and thereby publish) a status report. Pure; tested in tests/unit/signing-policy.test.ts.

export type CurrentPost = { postId: string; postName: string; tier: number }
export type SignDecision = { ok: true; post: CurrentPost } | { ok: false; message: string }

/** The 主要负责人: an enterprise head holding a tier-1 post today (the first such post signs). */
export function principalPost(role: Role, posts: readonly CurrentPost[]): CurrentPost | null {
  if (role !== 'enterprise_head') return null
  return posts.find((p) => p.tier === 1) ?? null
}

/** 状况报告由主要负责人签字发布: only a head holding a tier-1 post now. */
export function canSignReport(input: { role: Role; posts: readonly CurrentPost[] }): SignDecision {
  const post = principalPost(input.role, input.posts)
  return post ? { ok: true, post } : { ok: false, message: '状况报告须由主要负责人（第1级岗位在岗人员）签字发布' }
}
