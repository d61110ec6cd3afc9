import { Link } from '@remix-run/react'

// Small server-rendered SVG charts for the dashboard: readable without JavaScript, every bar a link
// to the list filtered by what it counts.

export interface Bar {
  label: string
  value: number
  /** a second value drawn inside the first, e.g. flagged of total */
  part?: number
  href?: string
  tone?: 'red' | 'amber' | 'green' | 'blue' | 'grey'
}

const FILL = { red: '#c0392b', amber: '#d69e2e', green: '#1e7d4f', blue: '#0b4f8a', grey: '#9aa5b1' }

/** Horizontal bars, one per row, scaled to the largest value. */
export function BarChart({ bars, title, unit = '家', partLabel }: { bars: Bar[]; title: string; unit?: string; partLabel?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value))
  const rowH = 26
  const labelW = 132
  const barW = 250
  const height = bars.length * rowH + 4
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${labelW + barW + 70} ${height}`}
        role="img"
        aria-label={`${title}：${bars.map((b) => `${b.label}${b.value}${unit}`).join('，')}`}
      >
        {bars.map((b, i) => {
          const y = i * rowH + 2
          const w = (b.value / max) * barW
          const pw = b.part !== undefined ? (b.part / max) * barW : 0
          const body = (
            <g>
              <text x={labelW - 8} y={y + 16} textAnchor="end" fontSize="12" fill="#1f2933">
                {b.label}
              </text>
              <rect
                x={labelW}
                y={y + 3}
                width={Math.max(w, b.value ? 2 : 0)}
                height={rowH - 8}
                rx={2}
                fill={b.part !== undefined ? '#c9d6e3' : FILL[b.tone ?? 'blue']}
              />
              {b.part !== undefined ? (
                <rect x={labelW} y={y + 3} width={Math.max(pw, b.part ? 2 : 0)} height={rowH - 8} rx={2} fill={FILL.red} />
              ) : null}
              <text x={labelW + Math.max(w, 2) + 6} y={y + 16} fontSize="12" fill="#5f6b7a">
                {b.part !== undefined ? `${b.part} / ${b.value}` : b.value}
              </text>
            </g>
          )
          return b.href ? (
            <Link key={b.label} to={b.href} aria-label={`${b.label} ${b.value}${unit}`}>
              {body}
            </Link>
          ) : (
            <g key={b.label}>{body}</g>
          )
        })}
      </svg>
      {partLabel ? (
        <p className="chart-legend">
          <span className="swatch" style={{ background: FILL.red }} /> {partLabel}
          <span className="swatch" style={{ background: '#c9d6e3' }} /> 全部
        </p>
      ) : null}
    </figure>
  )
}

/** One bar split into shares, with a legend underneath. */
export function ShareBar({ parts, title }: { parts: Bar[]; title: string }) {
  const total = parts.reduce((n, p) => n + p.value, 0) || 1
  let x = 0
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox="0 0 400 30" role="img" aria-label={`${title}：${parts.map((p) => `${p.label}${p.value}家`).join('，')}`}>
        {parts.map((p) => {
          const w = (p.value / total) * 400
          const seg = (
            <g key={p.label}>
              <rect x={x} y={0} width={w} height={30} fill={FILL[p.tone ?? 'blue']} />
              {w > 30 ? (
                <text x={x + w / 2} y={19} textAnchor="middle" fontSize="12" fill="#fff">
                  {p.value}
                </text>
              ) : null}
            </g>
          )
          x += w
          return p.href ? (
            <Link key={p.label} to={p.href} aria-label={`${p.label} ${p.value}家`}>
              {seg}
            </Link>
          ) : (
            seg
          )
        })}
      </svg>
      <p className="chart-legend">
        {parts.map((p) => (
          <span key={p.label}>
            <span className="swatch" style={{ background: FILL[p.tone ?? 'blue'] }} /> {p.label} {p.value}
          </span>
        ))}
      </p>
    </figure>
  )
}
