import { useEffect, useRef, useState } from 'react'

/**
 * A finger signature on a canvas; the drawing goes into a hidden field as a PNG data URL. Where
 * drawing is impossible (no JavaScript, no touch), the form's typed-name field is used instead.
 */
export function SignaturePad({ name, error }: { name: string; error?: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const [value, setValue] = useState('')
  const [ready, setReady] = useState(false)
  const drawing = useRef(false)
  const strokes = useRef(0)

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const ratio = window.devicePixelRatio || 1
    const rect = canvas.getBoundingClientRect()
    canvas.width = Math.round(rect.width * ratio)
    canvas.height = Math.round(rect.height * ratio)
    const ctx = canvas.getContext('2d')
    if (!ctx) return
    ctx.scale(ratio, ratio)
    ctx.lineWidth = 2.5
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.strokeStyle = '#111'
    setReady(true)
  }, [])

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect()
    return { x: e.clientX - rect.left, y: e.clientY - rect.top }
  }
  const start = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d')
    if (!ctx) return
    e.currentTarget.setPointerCapture(e.pointerId)
    drawing.current = true
    const p = point(e)
    ctx.beginPath()
    ctx.moveTo(p.x, p.y)
    ctx.lineTo(p.x + 0.1, p.y + 0.1)
    ctx.stroke()
  }
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return
    const ctx = e.currentTarget.getContext('2d')
    if (!ctx) return
    const p = point(e)
    ctx.lineTo(p.x, p.y)
    ctx.stroke()
  }
  const end = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return
    drawing.current = false
    strokes.current++
    setValue(e.currentTarget.toDataURL('image/png'))
  }
  const clear = () => {
    const canvas = canvasRef.current
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx) return
    ctx.save()
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.clearRect(0, 0, canvas.width, canvas.height)
    ctx.restore()
    strokes.current = 0
    setValue('')
  }

  return (
    <div className={`field signature${error ? ' invalid' : ''}`}>
      <label htmlFor="signature-pad">在下框内用手指签名</label>
      <canvas
        id="signature-pad"
        ref={canvasRef}
        className="signature-pad"
        aria-label="手写签名区"
        onPointerDown={start}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
        data-ready={ready ? 'true' : 'false'}
      />
      <input type="hidden" name={name} value={value} />
      <div className="actions">
        <button type="button" className="btn btn-secondary btn-small" onClick={clear}>
          清除重签
        </button>
        <span className="muted">{value ? '已签名' : '尚未签名'}</span>
      </div>
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  )
}
