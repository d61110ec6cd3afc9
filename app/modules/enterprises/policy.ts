import type { Actor } from '../auth/actor'

// Who may change an enterprise's profile (企业信息). Pure; tested in tests/unit/module-policy.test.ts.

/** Only the enterprise's own safety administrator edits its profile. */
export function canEditEnterpriseProfile(actor: Actor): boolean {
  return actor.kind === 'enterprise' && actor.role === 'enterprise_admin'
}
