import type { CertificateState } from '../modules/training/rules'

// A certificate's state as everyone sees it (the admin's ledger, the worker's phone, 一企一档):
// red within 30 days or expired, amber within 90 days or not yet in force.
const TONE: Record<CertificateState, string> = {
  valid: 'badge-green',
  expiring90: 'badge-amber',
  expiring30: 'badge-red',
  expired: 'badge-red',
  not_yet: 'badge-amber',
}

export function CertificateBadge({ state, label }: { state: CertificateState; label: string }) {
  return <span className={`badge ${TONE[state]}`}>{label}</span>
}
