import type { Actor, EnterpriseActor } from '../auth/actor'

// Who may attach and open evidence files (证据材料). Pure; tested in tests/unit/module-policy.test.ts.

/**
 * Records a worker may attach files to: the hazard they report from the phone (《安全生产法》第五十九条).
 * Every other record's evidence is the admin's or a head's.
 */
const WORKER_EVIDENCE_OWNERS: ReadonlySet<string> = new Set(['hazard-report', 'check-draft'])

export function canAttachEvidence(actor: Actor, ownerKind: string): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && (actor.role !== 'worker' || WORKER_EVIDENCE_OWNERS.has(ownerKind))
}

/** Downloads and previews are the staff's (admin and heads) of the owning enterprise; a worker gets 404. */
export function canOpenEvidence(actor: Actor): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && actor.role !== 'worker'
}
