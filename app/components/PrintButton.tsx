export function PrintButton() {
  return (
    <button type="button" className="btn" onClick={() => window.print()}>
      打印
    </button>
  )
}
