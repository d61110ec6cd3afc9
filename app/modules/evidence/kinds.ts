import type { EvidenceOwnerKind } from '../../../db/types'

// The kinds of record a file may hang on, as the database checks them (20261202070000_enum_checks):
// writes must name one; reads that ask for any other kind find nothing, so they filter first.

const FIXED_KINDS: ReadonlySet<string> = new Set([
  'training',
  'certificate',
  'plan',
  'drill',
  'meeting',
  'rectification-answer',
  'hazard-report',
  'hazard-rectify',
  'risk-plan',
  'check-draft',
] satisfies EvidenceOwnerKind[])

/** The twenty items' evidence hangs on `obligation-<item no>`. */
const OBLIGATION_KIND = /^obligation-([1-9]|1[0-9]|20)$/

export function isEvidenceOwnerKind(kind: string): kind is EvidenceOwnerKind {
  return FIXED_KINDS.has(kind) || OBLIGATION_KIND.test(kind)
}

export function knownOwners<T extends { kind: string }>(owners: readonly T[]): (T & { kind: EvidenceOwnerKind })[] {
  return owners.filter((o): o is T & { kind: EvidenceOwnerKind } => isEvidenceOwnerKind(o.kind))
}
