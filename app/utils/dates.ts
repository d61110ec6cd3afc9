// Dates are shown and counted in Asia/Shanghai, whatever the server's own time zone.
const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
const ymdhm = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** 'YYYY-MM-DD' of the given instant in Asia/Shanghai. */
export function todayInShanghai(now = new Date()): string {
  return ymd.format(now)
}

export function formatDateTime(iso: string | Date): string {
  return ymdhm.format(typeof iso === 'string' ? new Date(iso) : iso)
}

export function formatDate(iso: string | Date): string {
  return ymd.format(typeof iso === 'string' ? new Date(iso) : iso)
}

/**
 * The same wall-clock moment in Asia/Shanghai `months` calendar months earlier, the day clamped to
 * the month's end (3月31日 → 2月28日), whatever the server's own time zone.
 */
export function monthsBefore(now: Date, months: number): Date {
  const offset = 8 * 3_600_000
  const sh = new Date(now.getTime() + offset)
  const y = sh.getUTCFullYear()
  const m = sh.getUTCMonth() - months
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  const t = Date.UTC(
    y,
    m,
    Math.min(sh.getUTCDate(), lastDay),
    sh.getUTCHours(),
    sh.getUTCMinutes(),
    sh.getUTCSeconds(),
    sh.getUTCMilliseconds(),
  )
  return new Date(t - offset)
}
