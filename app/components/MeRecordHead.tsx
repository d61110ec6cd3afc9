import { Link } from '@remix-run/react'

/**
 * The head of a record a person opens from 我的履责 (a drill, a training session): its title, what kind
 * of record it is, and the way back to the section of 我的履责 it was opened from.
 */
export function MeRecordHead({ title, kind, section }: { title: string; kind: string; section: string }) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        <p>{kind}</p>
      </div>
      <Link to={`/me#${section}`} className="btn btn-secondary">
        返回我的履责
      </Link>
    </div>
  )
}
