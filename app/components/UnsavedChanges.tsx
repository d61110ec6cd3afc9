import { useBlocker } from '@remix-run/react'
import { useEffect } from 'react'

/**
 * Asks before unsaved edits are lost: the browser's own question when the tab is closed or reloaded
 * (beforeunload), and ours when a link inside the app leads elsewhere (Remix's useBlocker). Saving or
 * submitting the form itself posts to the same page, which is never blocked.
 */
export function UnsavedChangesGuard({ when, message = '有未保存的修改，离开本页将丢失这些修改。' }: { when: boolean; message?: string }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname)
  useEffect(() => {
    if (!when) return
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // older browsers show the question only when returnValue is set
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', ask)
    return () => window.removeEventListener('beforeunload', ask)
  }, [when])
  useEffect(() => {
    // the edits were saved (or undone) while the question was open: let the navigation go on
    if (blocker.state === 'blocked' && !when) blocker.proceed()
  }, [blocker, when])
  if (blocker.state !== 'blocked') return null
  return (
    <div className="confirm-overlay" role="alertdialog" aria-modal="true" aria-labelledby="unsaved-title" aria-describedby="unsaved-text">
      <div className="confirm-box">
        <h2 id="unsaved-title">离开本页？</h2>
        <p id="unsaved-text">{message}</p>
        <div className="actions">
          {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the question needs the keyboard's focus at once */}
          <button type="button" className="btn" autoFocus onClick={() => blocker.reset()}>
            留在本页
          </button>
          <button type="button" className="btn btn-danger" onClick={() => blocker.proceed()}>
            放弃修改并离开
          </button>
        </div>
      </div>
    </div>
  )
}
