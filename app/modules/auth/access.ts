import type { Role } from '../../../db/types'
import type { EnterpriseRole } from './actor'

// The one route-access table: for each page area, who may open it, who may change what it shows, and
// its navigation label. The routes' require* calls, the navigation (app/root.tsx) and
// tests/integration/access.test.ts all read it, so they cannot disagree. A module still refuses a
// command itself (its policy.ts); this table decides only who gets to the page.

const ADMIN = ['enterprise_admin'] as const satisfies readonly EnterpriseRole[]
const STAFF = ['enterprise_admin', 'enterprise_head'] as const satisfies readonly EnterpriseRole[]
const HEAD = ['enterprise_head'] as const satisfies readonly EnterpriseRole[]
const EVERYONE_IN_ENTERPRISE = ['enterprise_admin', 'enterprise_head', 'worker'] as const satisfies readonly EnterpriseRole[]

export interface Area {
  /** where the area's pages live; the navigation links here */
  path: string
  /** the navigation label; none for pages reached from another page */
  label?: string
  /** who may open the area's pages */
  open: readonly Role[]
  /** who may submit its forms (defaults to those who open it) */
  manage?: readonly Role[]
  /** who signs what the area shows (企业负责人: reports, self-checks, inspections) */
  sign?: readonly Role[]
  /** a nav link only for someone who is also an employee (an admin or head holding a post) */
  employeesOnly?: boolean
  /** the nav link is active only on the path itself, not on the pages below it */
  end?: boolean
}

// In navigation order. Heads open every 二十条 area the enterprise home summarises (DESIGN.md §2: heads
// approve and sign, and the home overview shows them training, drills and the organisation), so they
// get those links too; the roster and the enterprise profile stay with the safety administrator.
export const ACCESS = {
  enterpriseHome: { path: '/enterprise', label: '企业首页', open: STAFF, end: true },
  posts: { path: '/enterprise/posts', label: '责任清单', open: STAFF, manage: ADMIN },
  confirmations: { path: '/enterprise/confirmations', label: '签字确认', open: STAFF, manage: ADMIN },
  obligations: { path: '/enterprise/obligations', label: '二十条', open: STAFF, manage: ADMIN, sign: HEAD },
  reports: { path: '/enterprise/reports', label: '状况报告', open: STAFF, manage: ADMIN, sign: HEAD },
  // 履职记录 and 责任制考核 (第二十二条): each person keeps their own under 我的履责; staff see those below them (policy.ts)
  dutyLogs: { path: '/enterprise/duty-logs', label: '履职记录', open: STAFF },
  assessments: { path: '/enterprise/assessments', label: '责任制考核', open: STAFF, manage: STAFF },
  supervision: { path: '/enterprise/supervision', label: '检查整改', open: STAFF, sign: HEAD },
  // 双重预防: heads rectify and accept hazards (policy.ts decides which step); the register is the admin's
  hazards: { path: '/enterprise/hazards', label: '隐患治理', open: STAFF },
  // 隐患排查: the admin plans the checks (checks/policy.ts); heads follow completion and read the records
  checks: { path: '/enterprise/checks', label: '隐患排查', open: STAFF, manage: ADMIN },
  risks: { path: '/enterprise/risks', label: '风险管控', open: STAFF, manage: ADMIN },
  // 隐患排查治理统计分析表 (16号令 §14): the admin draws it up, the 主要负责人 signs (policy.ts decides who)
  hazardStats: { path: '/enterprise/hazard-stats', open: STAFF, manage: ADMIN, sign: HEAD },
  training: { path: '/enterprise/training', label: '教育培训', open: STAFF, manage: ADMIN },
  drills: { path: '/enterprise/drills', label: '预案演练', open: STAFF, manage: ADMIN },
  org: { path: '/enterprise/org', label: '组织机构', open: STAFF, manage: ADMIN },
  roster: { path: '/enterprise/roster', label: '花名册', open: ADMIN },
  profile: { path: '/enterprise/profile', label: '企业信息', open: ADMIN },
  me: { path: '/me', label: '我的履责', open: EVERYONE_IN_ENTERPRISE, employeesOnly: true },
  // any person of the enterprise reports a hazard (《安全生产法》第五十九条), from the phone
  hazardReport: { path: '/me/hazards/new', label: '报告隐患', open: EVERYONE_IN_ENTERPRISE },
  // the checks due on the posts a person holds, reached from 我的履责 (the module checks the post)
  myChecks: { path: '/me/checks', open: EVERYONE_IN_ENTERPRISE },
  regulatorEnterprises: { path: '/regulator/enterprises', label: '监管企业', open: ['regulator'] },
  regulatorOrders: { path: '/regulator/orders', label: '整改跟踪', open: ['regulator'] },
  regulatorHazards: { path: '/regulator/hazards', label: '重大隐患', open: ['regulator'] },
  // 一岗双责台账: every regulator account opens it; the module shows a leader their own book and a
  // recorder the books they keep (leaderledger/policy.ts), anyone else an empty page
  leaderLedger: { path: '/regulator/ledger', label: '履职台账', open: ['regulator'] },
  // the 安委办 receives the leaders' monthly sheets of its level and prints any of them
  officeLedgers: { path: '/office/ledgers', label: '台账报送', open: ['safety_office'] },
  platformEnterprises: { path: '/platform/enterprises', label: '企业管理', open: ['platform_admin'] },
  platformRegulators: { path: '/platform/regulators', label: '监管账号', open: ['platform_admin'] },
  platformPush: { path: '/platform/push', label: '省级平台推送', open: ['platform_admin'] },
  platformAccounts: { path: '/platform/accounts', label: '账号管理', open: ['platform_admin'] },
} as const satisfies Record<string, Area>

export type AreaName = keyof typeof ACCESS

/** Whether this role may open the area's pages. */
export function mayOpen(role: Role, area: AreaName): boolean {
  return (ACCESS[area].open as readonly Role[]).includes(role)
}

export type NavItem = { to: string; label: string; end?: boolean }

/**
 * The navigation of a role: every labelled area it may open. 我的岗位 is the only page of a worker, and
 * an admin's or head's link to it only when they hold a post.
 */
export function navFor(role: Role, hasEmployee: boolean): NavItem[] {
  const items: NavItem[] = []
  for (const name of Object.keys(ACCESS) as AreaName[]) {
    const area: Area = ACCESS[name]
    if (!area.label || !mayOpen(role, name)) continue
    if (area.employeesOnly && role !== 'worker' && !hasEmployee) continue
    items.push({ to: area.path, label: area.label, ...(area.end ? { end: true } : {}) })
  }
  return items
}

/** A group of the navigation: a label that opens its links (app/components/MainNav.tsx). */
export type NavGroup = { label: string; items: NavItem[] }
export type NavEntry = ({ kind: 'link' } & NavItem) | ({ kind: 'group' } & NavGroup)

/** A link of a group: a labelled area, or another page of an area under its own label. */
type GroupLink = AreaName | { area: AreaName; path: string; label: string }

// The enterprise navigation as a safety officer thinks of their day: the 责任制 itself, the 双重预防
// mechanism, the 台账 they keep, and the organisation and its people. Every labelled area a role may
// open is still a link (navFor); the groups only gather them, and add the pages an area reaches from
// one of its pages (证书, 安委会, 统计分析) to the group they belong to.
const NAV_GROUPS: readonly { label: string; links: readonly GroupLink[] }[] = [
  { label: '责任制', links: ['posts', 'confirmations', 'dutyLogs', 'assessments', 'obligations', 'reports'] },
  {
    label: '双重预防',
    links: ['risks', 'checks', 'hazards', { area: 'hazardStats', path: '/enterprise/hazard-stats', label: '统计分析' }],
  },
  {
    label: '台账',
    links: [
      'training',
      { area: 'training', path: '/enterprise/certificates', label: '证书管理' },
      'drills',
      { area: 'obligations', path: '/enterprise/committee', label: '安委会' },
      'supervision',
    ],
  },
  { label: '机构人员', links: ['org', 'roster', 'profile'] },
]

/**
 * The navigation of a role as it is shown: the links of navFor, those of the enterprise areas gathered
 * into NAV_GROUPS (in the groups' order, where the first of them would stand), the others as they are.
 * A group none of whose links the role may open is left out, and one with a single link is that link; a
 * role without grouped links (worker, regulator, 安委办, platform) gets navFor's links unchanged.
 */
export function navEntriesFor(role: Role, hasEmployee: boolean): NavEntry[] {
  const flat = navFor(role, hasEmployee)
  const linked = new Set(flat.map((i) => i.to))
  const groups = NAV_GROUPS.map((g) => ({
    label: g.label,
    items: g.links.flatMap((l): NavItem[] => {
      if (typeof l === 'string') return linked.has(ACCESS[l].path) ? [flat.find((i) => i.to === ACCESS[l].path)!] : []
      return mayOpen(role, l.area) ? [{ to: l.path, label: l.label }] : []
    }),
  })).filter((g) => g.items.length > 0)
  const grouped = new Set(groups.flatMap((g) => g.items.map((i) => i.to)))
  // a group of one link (a head's 机构人员: 组织机构 only) is that link
  const shown = groups.map((g): NavEntry => (g.items.length === 1 ? { kind: 'link', ...g.items[0]! } : { kind: 'group', ...g }))
  const entries: NavEntry[] = []
  let placed = false
  for (const item of flat) {
    if (!grouped.has(item.to)) entries.push({ kind: 'link', ...item })
    else if (!placed) {
      entries.push(...shown)
      placed = true
    }
  }
  if (!placed) entries.push(...shown)
  return entries
}

/** Whether this role may submit the area's forms (the pages show their edit controls only then). */
export function mayManage(role: Role, area: AreaName): boolean {
  const a: Area = ACCESS[area]
  return (a.manage ?? a.open).includes(role)
}
