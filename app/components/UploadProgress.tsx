import { useEffect, useRef, useState } from 'react'
import { megabytes } from '../modules/evidence/uploads'
import { installUploadProgress, type Progress } from '../utils/upload-progress'

/** Shown for an upload or import still under way after this long; quicker ones just finish. */
const SHOW_AFTER_MS = 1000

/**
 * One progress bar for every upload and import of the app (mounted once in root.tsx): how much of the
 * file has been sent. Without JavaScript the browser's own form post runs as before.
 */
export function UploadProgress() {
  const [progress, setProgress] = useState<Progress | null>(null)
  const [shown, setShown] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(
    () =>
      installUploadProgress((p) => {
        setProgress(p)
        if (p && !timer.current) timer.current = setTimeout(() => setShown(true), SHOW_AFTER_MS)
        if (!p) {
          if (timer.current) clearTimeout(timer.current)
          timer.current = null
          setShown(false)
        }
      }),
    [],
  )
  if (!progress || !shown) return null
  const percent = progress.total ? Math.min(100, Math.floor((progress.loaded / progress.total) * 100)) : 0
  const sent = progress.total && progress.loaded >= progress.total
  return (
    <div className="upload-progress no-print" role="status">
      <span>
        {sent ? '文件已上传，正在检查…' : `正在上传 ${percent}%`}
        {progress.total ? `（${megabytes(progress.loaded)} / ${megabytes(progress.total)}）` : ''}
      </span>
      <progress max={100} value={percent} aria-label="上传进度" />
    </div>
  )
}
