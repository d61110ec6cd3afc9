import { Form, Link, useLocation, useSearchParams } from '@remix-run/react'
import { flexRender, tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table'
import { useMemo, type ReactNode } from 'react'
import { PAGE_SIZES } from '../utils/table-params'

// The one DataTable: rendering by @tanstack/react-table, state (sort, page, filters) in the URL,
// sorting, filtering and pagination executed in SQL by the route's loader.

export interface Column<T> {
  id: string
  header: string
  cell: (row: T) => ReactNode
  /** the server-side sort key this header toggles, when sortable */
  sortKey?: string
  numeric?: boolean
}

const features = tableFeatures({})

export function DataTable<T extends RowData>({
  columns,
  rows,
  total,
  page,
  size,
  sort,
  dir,
  rowKey,
  empty = '没有符合条件的记录',
  caption,
  paramPrefix = '',
}: {
  columns: Column<T>[]
  rows: T[]
  total: number
  page: number
  size: number
  sort?: string
  dir?: 'asc' | 'desc'
  rowKey: (row: T) => string
  empty?: string
  caption?: string
  /** a second table on the page keeps its state in its own parameters (e.g. 'r' → rpage, rsize) */
  paramPrefix?: string
}) {
  const [params] = useSearchParams()
  const defs = useMemo<ColumnDef<typeof features, T>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: () => <SortHeader column={c} sort={sort} dir={dir} params={params} prefix={paramPrefix} />,
        cell: (info) => c.cell(info.row.original),
      })),
    [columns, sort, dir, params, paramPrefix],
  )
  const table = useTable({ features, columns: defs, data: rows, getRowId: (row: T) => rowKey(row) })
  const pages = Math.max(1, Math.ceil(total / size))
  const numericIds = new Set(columns.filter((c) => c.numeric).map((c) => c.id))

  return (
    <div className="table-wrap">
      <table className="data">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} className={numericIds.has(header.column.id) ? 'num' : undefined} scope="col">
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={numericIds.has(cell.column.id) ? 'num' : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      <Pager total={total} page={page} pages={pages} size={size} params={params} prefix={paramPrefix} />
    </div>
  )
}

function withParams(params: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(params)
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) next.delete(k)
    else next.set(k, v)
  }
  return `?${next.toString()}`
}

function SortHeader<T>({
  column,
  sort,
  dir,
  params,
  prefix,
}: {
  column: Column<T>
  sort?: string
  dir?: 'asc' | 'desc'
  params: URLSearchParams
  prefix: string
}) {
  if (!column.sortKey) return <>{column.header}</>
  const active = sort === column.sortKey
  const nextDir = active && dir === 'asc' ? 'desc' : 'asc'
  return (
    <Link
      to={withParams(params, { [`${prefix}sort`]: column.sortKey, [`${prefix}dir`]: nextDir, [`${prefix}page`]: null })}
      aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
      title={`按${column.header}排序`}
    >
      {column.header}
      <span className="sort-mark" aria-hidden>
        {active ? (dir === 'asc' ? '▲' : '▼') : '↕'}
      </span>
    </Link>
  )
}

function Pager({
  total,
  page,
  pages,
  size,
  params,
  prefix,
}: {
  total: number
  page: number
  pages: number
  size: number
  params: URLSearchParams
  prefix: string
}) {
  const from = total === 0 ? 0 : (page - 1) * size + 1
  const to = Math.min(total, page * size)
  const window = pageWindow(page, pages)
  return (
    <div className="pager">
      <span>
        共 {total} 条，第 {from}–{to} 条
      </span>
      <div className="pages">
        <Link
          className={page <= 1 ? 'disabled' : undefined}
          to={withParams(params, { [`${prefix}page`]: String(page - 1) })}
          aria-label="上一页"
        >
          上一页
        </Link>
        {window.map((p, i) =>
          p === null ? (
            <span key={`gap-${i}`}>…</span>
          ) : p === page ? (
            <span key={p} className="current" aria-current="page">
              {p}
            </span>
          ) : (
            <Link key={p} to={withParams(params, { [`${prefix}page`]: String(p) })}>
              {p}
            </Link>
          ),
        )}
        <Link
          className={page >= pages ? 'disabled' : undefined}
          to={withParams(params, { [`${prefix}page`]: String(page + 1) })}
          aria-label="下一页"
        >
          下一页
        </Link>
      </div>
      <Form method="get" className="pages">
        {[...params.entries()]
          .filter(([k]) => k !== `${prefix}size` && k !== `${prefix}page`)
          .map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
        <label>
          每页{' '}
          <select name={`${prefix}size`} defaultValue={String(size)} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>{' '}
          条
        </label>
        <noscript>
          <button type="submit">确定</button>
        </noscript>
      </Form>
    </div>
  )
}

/** 1 … 4 5 [6] 7 8 … 20 */
export function pageWindow(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = []
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p)
    else if (out[out.length - 1] !== null) out.push(null)
  }
  return out
}

/**
 * Every table's filter bar. Its fields are uncontrolled (defaultValue from the URL), so the form is keyed
 * on the URL's query: after 清除, a sort, a page link or the back button it is remounted and shows the
 * URL's state, never what was typed before, and the next 筛选 cannot re-apply a cleared filter.
 */
export function FilterBar({ children, search = true }: { children: ReactNode; search?: boolean }) {
  const { search: query } = useLocation()
  return (
    <Form method="get" className="toolbar" role={search ? 'search' : undefined} key={query}>
      {children}
    </Form>
  )
}

/**
 * The end of every table's filter bar: keeps sort and page size, submits, clears. What the page is
 * of (a year, a period) is given as `keep`: clearing the filters does not leave it.
 */
export function FilterActions({ query, keep = {} }: { query: { sort: string; dir: string; size: number }; keep?: Record<string, string> }) {
  return (
    <>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <input type="hidden" name="size" value={query.size} />
      <button type="submit" className="btn">
        筛选
      </button>
      <Link to={`?${new URLSearchParams(keep).toString()}`} className="btn btn-secondary">
        清除
      </Link>
    </>
  )
}

/** A filter by org unit, the tree shown by indentation. */
export function UnitFilter({ units, value }: { units: { id: string; name: string; depth: number }[]; value?: string }) {
  return (
    <div className="field">
      <label htmlFor="unit">部门</label>
      <select id="unit" name="unit" defaultValue={value ?? ''}>
        <option value="">全部部门</option>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {'　'.repeat(u.depth)}
            {u.name}
          </option>
        ))}
      </select>
    </div>
  )
}

/** A filter over a fixed set of choices, 全部 first. */
export function ChoiceFilter({
  name,
  label,
  value,
  choices,
}: {
  name: string
  label: string
  value: string
  choices: Record<string, string>
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value}>
        <option value="">全部</option>
        {Object.entries(choices).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </div>
  )
}
