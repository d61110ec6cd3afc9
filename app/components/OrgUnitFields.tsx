import { Field } from './Field'

export function OrgUnitFields({
  values,
  errors,
  parents,
  deputies,
}: {
  values: Record<string, string>
  errors: Record<string, string>
  parents: { id: string; name: string; depth: number }[]
  deputies: { id: string; name: string }[]
}) {
  return (
    <div className="form-grid">
      <Field name="name" label="名称" defaultValue={values.name} error={errors.name} placeholder="如：合成车间" required />
      <Field
        name="kind"
        label="类型"
        defaultValue={values.kind}
        error={errors.kind}
        options={['部门', '车间', '工段', '班组'].map((k) => ({ value: k, label: k }))}
        required
      />
      <Field
        name="parentId"
        label="上级机构"
        defaultValue={values.parentId}
        error={errors.parentId}
        options={parents.map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }))}
        required
      />
      <Field
        name="supervisorPostId"
        label="分管负责人岗位"
        defaultValue={values.supervisorPostId}
        error={errors.supervisorPostId}
        options={deputies.map((p) => ({ value: p.id, label: p.name }))}
        hint="审批本机构岗位清单的分管负责人；不填则沿用上级机构的"
      />
    </div>
  )
}
