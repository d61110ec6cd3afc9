import { NavLink, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import type { NavEntry, NavItem } from '../modules/auth/access'

// The top navigation (主导航). A role with many areas (the enterprise's safety administrator and heads)
// sees them in groups (责任制, 双重预防, 台账, 机构人员): each group is a <details> whose <summary> opens
// its links, so it works without JavaScript and with the keyboard (Tab to the group, Enter or Space
// opens it, Tab on to its links). The group of the page one is on, and its link, carry aria-current.
// With JavaScript, a group closes again on navigation, on Escape (focus back on its summary), on a
// click outside, and when another group opens.

function isCurrent(item: NavItem, pathname: string): boolean {
  return pathname === item.to || (!item.end && pathname.startsWith(`${item.to}/`))
}

export function MainNav({ entries }: { entries: NavEntry[] }) {
  const { pathname } = useLocation()
  const ref = useRef<HTMLElement>(null)

  // a group closes once a link in it was followed (not when the page first hydrates: a group opened
  // before then stays open)
  const shownPath = useRef(pathname)
  useEffect(() => {
    if (shownPath.current === pathname) return
    shownPath.current = pathname
    for (const d of ref.current?.querySelectorAll('details[open]') ?? []) (d as HTMLDetailsElement).open = false
  }, [pathname])

  useEffect(() => {
    const nav = ref.current
    if (!nav) return
    const openGroups = () => [...nav.querySelectorAll<HTMLDetailsElement>('details[open]')]
    const onClick = (e: MouseEvent) => {
      for (const d of openGroups()) if (!d.contains(e.target as Node)) d.open = false
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      for (const d of openGroups()) {
        const inside = d.contains(document.activeElement)
        d.open = false
        if (inside) d.querySelector('summary')?.focus()
      }
    }
    // one group open at a time
    const onToggle = (e: Event) => {
      const opened = e.target as HTMLDetailsElement
      if (opened.open) for (const d of openGroups()) if (d !== opened) d.open = false
    }
    document.addEventListener('click', onClick)
    document.addEventListener('keydown', onKey)
    nav.addEventListener('toggle', onToggle, true)
    return () => {
      document.removeEventListener('click', onClick)
      document.removeEventListener('keydown', onKey)
      nav.removeEventListener('toggle', onToggle, true)
    }
  }, [])

  return (
    <nav className="mainnav" aria-label="主导航" ref={ref}>
      {entries.map((entry) =>
        entry.kind === 'link' ? (
          <NavLink key={entry.to} to={entry.to} end={entry.end}>
            {entry.label}
          </NavLink>
        ) : (
          <NavGroup key={entry.label} label={entry.label} items={entry.items} pathname={pathname} />
        ),
      )}
    </nav>
  )
}

function NavGroup({ label, items, pathname }: { label: string; items: NavItem[]; pathname: string }) {
  const current = items.some((i) => isCurrent(i, pathname))
  return (
    <details className={current ? 'navgroup active' : 'navgroup'}>
      <summary aria-current={current ? 'true' : undefined}>{label}</summary>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </details>
  )
}
