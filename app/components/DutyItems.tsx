export function DutyItems({
  items,
}: {
  items: { text: string; category: string; legalBasis: string | null; criterion?: string | null; weight?: number | null }[]
}) {
  return (
    <ol className="duty-items">
      {items.map((item, i) => (
        <li key={i}>
          <div className="duty-no">{i + 1}</div>
          <div>
            <div className="duty-text">{item.text}</div>
            <div className="duty-basis">
              <span className="badge badge-grey">{item.category}</span>
              {item.legalBasis ? <span className="muted"> 依据：{item.legalBasis}</span> : null}
              {item.criterion ? (
                <span className="muted">
                  {' '}
                  考核标准：{item.criterion}
                  {item.weight ? `（权重 ${item.weight}）` : ''}
                </span>
              ) : null}
            </div>
          </div>
        </li>
      ))}
    </ol>
  )
}
