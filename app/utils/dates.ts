import { shanghaiDay } from './calendar'

// Dates are shown and counted in Asia/Shanghai, whatever the server's own time zone. The arithmetic
// (days, months, quarters, half-years, working days) is the calendar module's (./calendar.ts); this
// file formats instants for display.
export { monthsBefore } from './calendar'

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
  return shanghaiDay(now)
}

export function formatDateTime(iso: string | Date): string {
  return ymdhm.format(typeof iso === 'string' ? new Date(iso) : iso)
}

export function formatDate(iso: string | Date): string {
  return ymd.format(typeof iso === 'string' ? new Date(iso) : iso)
}
