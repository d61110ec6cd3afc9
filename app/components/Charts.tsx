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

export interface TrendSeries {
  name: string
  /** '%' when the values are shares */
  unit: string
  points: { label: string; value: number | null; shown: string; bad: boolean }[]
}

/**
 * Small multiples: one line per series over the same reports, each scaled to its own range, a red dot
 * where that report flagged the area, the latest value as written in the report at the end.
 */
export function TrendChart({ series, title }: { series: TrendSeries[]; title: string }) {
  const rowH = 40
  const labelW = 96
  const plotW = 300
  const valueW = 90
  const height = series.length * rowH + 22
  const count = Math.max(1, ...series.map((s) => s.points.length))
  const xOf = (i: number) => labelW + (count === 1 ? plotW / 2 : (i / (count - 1)) * plotW)
  const labels = series[0]?.points.map((p) => p.label) ?? []
  return (
    <figure className="chart trend">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${labelW + plotW + valueW} ${height}`}
        role="img"
        aria-label={`${title}：${series.map((s) => `${s.name}${s.points.map((p) => `${p.label} ${p.shown}`).join('、')}`).join('；')}`}
      >
        {series.map((s, row) => {
          const top = row * rowH + 6
          const values = s.points.map((p) => p.value).filter((v): v is number => v !== null)
          const min = s.unit === '%' ? 0 : Math.min(0, ...values)
          const max = s.unit === '%' ? 100 : Math.max(1, ...values)
          const yOf = (v: number) => top + rowH - 12 - ((v - min) / (max - min || 1)) * (rowH - 18)
          const drawn = s.points.map((p, i) => (p.value === null ? null : { x: xOf(i), y: yOf(p.value), bad: p.bad }))
          const line = drawn.filter((d): d is NonNullable<typeof d> => d !== null)
          const last = s.points.at(-1)
          return (
            <g key={s.name}>
              <text x={labelW - 8} y={top + rowH / 2} textAnchor="end" fontSize="12" fill="#1f2933">
                {s.name}
              </text>
              <line x1={labelW} x2={labelW + plotW} y1={top + rowH - 12} y2={top + rowH - 12} stroke="#e3e8ee" />
              <polyline points={line.map((d) => `${d.x},${d.y}`).join(' ')} fill="none" stroke={FILL.blue} strokeWidth={1.5} />
              {line.map((d, i) => (
                <circle key={i} cx={d.x} cy={d.y} r={d.bad ? 3.5 : 2.5} fill={d.bad ? FILL.red : FILL.blue} />
              ))}
              <text x={labelW + plotW + 10} y={top + rowH / 2} fontSize="12" fill={last?.bad ? FILL.red : '#5f6b7a'}>
                {last ? last.shown : '—'}
              </text>
            </g>
          )
        })}
        {labels.map((l, i) =>
          i === 0 || i === labels.length - 1 ? (
            <text key={`${l}-${i}`} x={xOf(i)} y={height - 4} fontSize="11" fill="#5f6b7a" textAnchor={i === 0 ? 'start' : 'end'}>
              {l}
            </text>
          ) : null,
        )}
      </svg>
      <p className="chart-legend">
        <span className="swatch" style={{ background: FILL.red }} /> 该期报告中此项为红色
      </p>
    </figure>
  )
}
