// A stacked bar of the twenty items by state — a picture of where the enterprise stands.
const COLORS: Record<string, string> = { 已落实: '#1e7d4f', 部分落实: '#d69e2e', 未落实: '#c0392b', 不适用: '#9aa5b1', 未评估: '#dde3ea' }

export function StatusBar({ items }: { items: { shown: string | null }[] }) {
  const order = ['已落实', '部分落实', '未落实', '不适用', '未评估']
  const counts = order.map((s) => ({ s, n: items.filter((i) => (i.shown ?? '未评估') === s).length })).filter((c) => c.n > 0)
  const total = items.length || 1
  let x = 0
  return (
    <svg viewBox="0 0 400 46" className="status-bar" role="img" aria-label={counts.map((c) => `${c.s}${c.n}条`).join('，')}>
      {counts.map((c) => {
        const w = (c.n / total) * 400
        const rect = (
          <g key={c.s}>
            <rect x={x} y={0} width={w} height={24} fill={COLORS[c.s]} />
            {w > 34 ? (
              <text x={x + w / 2} y={16} textAnchor="middle" fontSize="11" fill={c.s === '未评估' ? '#1f2933' : '#fff'}>
                {c.n}
              </text>
            ) : null}
            <text x={x + 2} y={40} fontSize="10" fill="#5f6b7a">
              {w > 50 ? c.s : ''}
            </text>
          </g>
        )
        x += w
        return rect
      })}
    </svg>
  )
}
