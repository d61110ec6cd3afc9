import { APPROVAL_ROLE_LABELS } from '../modules/duties/rules'
import { formatDateTime } from '../utils/dates'

// 审批签字 block of a printed list: each approver, their post and the time they signed online.
export function Signatures({
  signatures,
}: {
  signatures: { step_role: string | null; actor_name: string; post_name: string | null; at: string }[]
}) {
  return (
    <table className="signatures">
      <tbody>
        {signatures.map((s, i) => (
          <tr key={i}>
            <th>{s.step_role ? APPROVAL_ROLE_LABELS[s.step_role as keyof typeof APPROVAL_ROLE_LABELS] : '审批'}</th>
            <td>{s.post_name}</td>
            <td className="sign">{s.actor_name.replace(/（.*）$/, '')}</td>
            <td>{formatDateTime(s.at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
