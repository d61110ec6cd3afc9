import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { DataTable, UnitFilter, FilterActions, type Column, FilterBar } from '../components/DataTable'
import { FormError } from '../components/Field'
import { ImportUpload } from '../components/ImportProblems'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { MAX_UPLOAD_BYTES } from '../modules/excel/workbook.server'
import { listOrgUnits } from '../modules/org/org.server'
import { listEmployees, previewRosterImport, type EmployeeRow } from '../modules/org/roster.server'
import { searchParamsObject, tableParamsSchema } from '../utils/table-params'
import { readUpload } from '../utils/upload.server'

export const meta: MetaFunction = () => [{ title: '人员花名册 · 安责通' }]

const querySchema = tableParamsSchema(['employeeNo', 'name', 'hiredOn', 'unit'] as const, 'employeeNo').extend({
  q: z.string().trim().max(60).catch(''),
  unit: z.string().uuid().optional().catch(undefined),
  type: z.enum(['正式', '劳务派遣', '实习', '外包']).optional().catch(undefined),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const query = querySchema.parse(searchParamsObject(new URL(request.url)))
  return withActor(actor, request, async (ctx) => ({ query, page: await listEmployees(ctx, query), units: await listOrgUnits(ctx) }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const upload = await readUpload(request, 'file', MAX_UPLOAD_BYTES)
  if (!upload.ok) return data({ message: upload.message }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => previewRosterImport(ctx, upload))
  if (!result.ok) return data({ message: result.message }, { status: 400 })
  return redirect(`/enterprise/roster/import/${result.batchId}`)
}

const columns: Column<EmployeeRow>[] = [
  { id: 'employeeNo', header: '工号', sortKey: 'employeeNo', cell: (r) => r.employeeNo },
  { id: 'name', header: '姓名', sortKey: 'name', cell: (r) => <Link to={`/enterprise/roster/${r.id}`}>{r.name}</Link> },
  { id: 'phone', header: '手机号', cell: (r) => r.phone },
  { id: 'posts', header: '部门·岗位', sortKey: 'unit', cell: (r) => r.posts || <span className="muted">未任职</span> },
  { id: 'type', header: '用工形式', cell: (r) => r.employmentType },
  { id: 'hiredOn', header: '入职日期', sortKey: 'hiredOn', cell: (r) => r.hiredOn },
  { id: 'idCard', header: '身份证号', cell: (r) => r.idCardMasked ?? '' },
]

export default function Roster() {
  const { query, page, units } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <div>
          <h1>人员花名册</h1>
          <p>从业人员（含劳务派遣、实习、外包人员）及其岗位。</p>
        </div>
        <div className="actions">
          <Link to="/enterprise/roster/new" className="btn">
            新增人员
          </Link>
          <a href="/enterprise/roster/export" className="btn btn-secondary" download>
            导出花名册（.xlsx）
          </a>
        </div>
      </div>
      <section className="card">
        <h2>从 Excel 导入</h2>
        <Form method="post" encType="multipart/form-data">
          <ImportUpload label="选择花名册文件" template="/enterprise/roster/template" busy={busy} />
        </Form>
        <FormError message={actionData?.message} />
      </section>
      <FilterBar>
        <div className="field">
          <label htmlFor="q">姓名、工号或手机号</label>
          <input id="q" name="q" defaultValue={query.q} />
        </div>
        <UnitFilter units={units} value={query.unit} />
        <div className="field">
          <label htmlFor="type">用工形式</label>
          <select id="type" name="type" defaultValue={query.type ?? ''}>
            <option value="">全部</option>
            {['正式', '劳务派遣', '实习', '外包'].map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <FilterActions query={query} />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={page.rows}
        total={page.total}
        page={page.page}
        size={page.size}
        sort={query.sort}
        dir={query.dir}
        rowKey={(r) => r.id}
        empty="没有符合条件的人员"
      />
    </>
  )
}
