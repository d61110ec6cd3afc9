// A duty list as read, printed and confirmed: numbered items, category, legal basis.
export function DutyItems({ items }: { items: { text: string; category: string; legalBasis: string | null }[] }) {
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
            </div>
          </div>
        </li>
      ))}
    </ol>
  )
}
