import type { ReactNode } from 'react'
import { EMERGENCY_NUMBERS } from '../../seeds/risk-notice'

// The A4 frame of the risk prints (风险公示栏, 岗位风险告知卡; styles in app/styles/risks.css): the
// enterprise and title with the print's own lines beside a QR code, the risks, and a closing section
// with the emergency phones. The pages pass what differs; the frame is the same markup for both.

export function RiskPrintFrame({
  kind,
  enterpriseName,
  title,
  lines,
  qr,
  qrCaption,
  children,
  closing,
  phone,
}: {
  /** the print's class beside `a4`: risk-board, risk-card */
  kind: string
  enterpriseName: string
  title: string
  /** the lines under the title (scope, date, legend …) */
  lines: ReactNode
  /** the QR code, as SVG markup from app/modules/print/qr.server */
  qr: string
  qrCaption: string
  /** the risks: a table, or the sentence that there are none */
  children: ReactNode
  /** the closing section: its class, its heading and what it says before the phones */
  closing: { className: string; heading: string; note?: ReactNode }
  /** the enterprise's own emergency phone, if it gave one */
  phone: string | null
}) {
  return (
    <article className={`a4 ${kind}`}>
      <header className="a4-head">
        <div>
          <p className="a4-org">{enterpriseName}</p>
          <h1>{title}</h1>
          {lines}
        </div>
        <figure className="qr">
          <div dangerouslySetInnerHTML={{ __html: qr }} />
          <figcaption>{qrCaption}</figcaption>
        </figure>
      </header>
      {children}
      <section className={closing.className}>
        <h2>{closing.heading}</h2>
        {closing.note}
        <p className="phones">
          {phone ? `企业应急电话 ${phone} · ` : ''}
          {EMERGENCY_NUMBERS.map((n) => `${n.name} ${n.number}`).join(' · ')}
        </p>
      </section>
    </article>
  )
}

/** A risk's level in its colour (黄 on dark text), as both prints show it. */
export function RiskLevelCell({ risk }: { risk: { hex: string; colour: string; levelName: string } }) {
  return (
    <td className="level" style={{ background: risk.hex, color: risk.colour === '黄' ? '#3d3300' : '#fff' }}>
      {risk.levelName}
      <br />（{risk.colour}）
    </td>
  )
}

/** A risk's measures, one line each with its kind (工程技术, 管理 …). */
export function MeasureList({ measures }: { measures: readonly { kind: string; content: string }[] }) {
  return (
    <ul className="measures">
      {measures.map((m) => (
        <li key={m.kind}>
          {m.kind}：{m.content}
        </li>
      ))}
    </ul>
  )
}
