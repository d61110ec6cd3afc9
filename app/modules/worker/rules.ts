import { daysBetween } from '../../utils/calendar'

// 我的履责: what the worker must do next, most urgent first, from what the modules report about
// them (lists to confirm, training hours, the induction, certificates, target agreements). Pure.

export type Urgency = 0 | 1 | 2 | 3
export interface TodoItem {
  text: string
  href: string
  /** 0 overdue or expired · 1 due within 30 days or a re-confirmation · 2 to do this year · 3 ahead */
  urgency: Urgency
  /** the day it falls due, when it has one (sorts within an urgency) */
  dueOn: string | null
}

export interface WorkerFacts {
  confirmations: {
    postId: string
    postName: string
    version: number
    state: 'confirmed' | 'pending' | 'overdue' | 'reconfirm'
    deadline: string
  }[]
  hours: { required: number; achieved: number; shortfall: number; missingLevels: string[] } | null
  year: number
  certificates: {
    id: string
    kind: string
    state: 'valid' | 'expiring90' | 'expiring30' | 'expired' | 'not_yet'
    dueOn: string
    reviewDue: boolean
  }[]
  unsignedTargets: { year: number; postName: string }[]
}

/** Days from `today` to `day` (Shanghai calendar days; both 'YYYY-MM-DD'). */
export function daysUntil(day: string, today: string): number {
  return daysBetween(today, day)
}

export function workerTodo(f: WorkerFacts, today: string): TodoItem[] {
  const items: TodoItem[] = []
  for (const c of f.confirmations) {
    const href = `/me/posts/${c.postId}`
    if (c.state === 'overdue')
      items.push({
        text: `${c.postName}责任清单 v${c.version} 已逾期未确认（期限 ${c.deadline}），请尽快阅读并签字`,
        href,
        urgency: 0,
        dueOn: c.deadline,
      })
    else if (c.state === 'reconfirm')
      items.push({
        text: `${c.postName}责任清单已更新为 v${c.version}，请在 ${c.deadline} 前重新确认`,
        href,
        urgency: 1,
        dueOn: c.deadline,
      })
    else if (c.state === 'pending')
      items.push({
        text: `${c.postName}责任清单 v${c.version} 待确认，期限 ${c.deadline}`,
        href,
        urgency: daysUntil(c.deadline, today) <= 30 ? 1 : 2,
        dueOn: c.deadline,
      })
  }
  for (const c of f.certificates) {
    const href = `/me/certificates/${c.id}`
    const what = c.reviewDue ? '复审' : '到期'
    if (c.state === 'expired')
      items.push({
        text: `${c.kind}已${c.reviewDue ? '超过复审日期' : '过期'}（${c.dueOn}），请联系安全管理员办理`,
        href,
        urgency: 0,
        dueOn: c.dueOn,
      })
    else if (c.state === 'expiring30') items.push({ text: `${c.kind}将于 ${c.dueOn} ${what}（30天内）`, href, urgency: 1, dueOn: c.dueOn })
    else if (c.state === 'expiring90') items.push({ text: `${c.kind}将于 ${c.dueOn} ${what}（90天内）`, href, urgency: 3, dueOn: c.dueOn })
  }
  if (f.hours) {
    if (f.hours.missingLevels.length)
      items.push({ text: `三级安全教育未完成：${f.hours.missingLevels.join('、')}`, href: '/me#training', urgency: 1, dueOn: null })
    if (f.hours.shortfall > 0)
      items.push({
        text: `${f.year} 年培训学时还差 ${f.hours.shortfall} 学时（已完成 ${f.hours.achieved} / 应完成 ${f.hours.required}）`,
        href: '/me#training',
        urgency: 2,
        dueOn: `${f.year}-12-31`,
      })
  }
  for (const t of f.unsignedTargets)
    items.push({ text: `${t.year} 年安全生产目标责任书（${t.postName}）待签署`, href: '/me#targets', urgency: 2, dueOn: null })
  return items.sort((a, b) => a.urgency - b.urgency || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'))
}
