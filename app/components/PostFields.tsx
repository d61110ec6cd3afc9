import { TIER_LABELS } from '../modules/org/rules'
import { MAX_REQUIRED_CERTIFICATES } from '../modules/org/schema'
import type { CatalogueItem } from '../modules/reference/catalogue'
import { CatalogueList, CertificateField } from './CertificatePicker'
import { Field } from './Field'

// A post's fields, for creating a post and for editing one.
export function PostFields({
  values,
  errors,
  units,
  withTemplate,
  catalogue,
}: {
  values: Record<string, string>
  errors: Record<string, string>
  units: { id: string; name: string; depth: number }[]
  withTemplate?: boolean
  catalogue: Pick<CatalogueItem, 'code' | 'name' | 'kind'>[]
}) {
  // one picker per required certificate, and one or two empty ones to add another
  const filled = Object.keys(values).filter((k) => /^requiredCertificates\.\d$/.test(k) && values[k]).length
  const pickers = Math.min(MAX_REQUIRED_CERTIFICATES, Math.max(2, filled + 1))
  return (
    <>
      <div className="form-grid">
        <Field name="name" label="岗位名称" defaultValue={values.name} error={errors.name} placeholder="如：化工操作工" required />
        <Field
          name="unitId"
          label="所属部门"
          defaultValue={values.unitId}
          error={errors.unitId}
          options={units.map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }))}
          required
        />
        <Field
          name="tier"
          label="责任层级"
          defaultValue={values.tier}
          error={errors.tier}
          options={[1, 2, 3, 4, 5].map((t) => ({ value: String(t), label: `第${t}级 ${TIER_LABELS[t]}` }))}
          hint="决定清单模板、审批顺序和签字确认期限"
          required
        />
      </div>
      <fieldset className="checks">
        <legend>岗位要求的证书（持证上岗）</legend>
        <CatalogueList catalogue={catalogue} />
        {errors.requiredCertificates ? <span className="field-error">{errors.requiredCertificates}</span> : null}
        <div className="form-grid">
          {Array.from({ length: pickers }, (_, i) => (
            <CertificateField
              key={i}
              name={`requiredCertificates.${i}`}
              label={`证书 ${i + 1}`}
              defaultValue={values[`requiredCertificates.${i}`]}
              error={errors[`requiredCertificates.${i}`]}
              hint={i === 0 ? '从证书目录中选择，输入关键字可筛选；目录中没有的，填写“其他：证书名称”；不需要的留空' : undefined}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="checks">
        <legend>岗位属性</legend>
        <label>
          <input type="checkbox" name="isUnitHead" defaultChecked={values.isUnitHead === 'on'} /> 本部门负责人（审批本部门岗位的清单）
        </label>
        <label>
          <input type="checkbox" name="isSafetyManager" defaultChecked={values.isSafetyManager === 'on'} /> 安全管理人员
        </label>
        <label>
          <input type="checkbox" name="inChargeOfSafety" defaultChecked={values.inChargeOfSafety === 'on'} /> 分管安全（第2级）
        </label>
        {errors.inChargeOfSafety ? <span className="field-error">{errors.inChargeOfSafety}</span> : null}
        {withTemplate ? (
          <label>
            <input type="checkbox" name="startFromTemplate" defaultChecked={values.startFromTemplate === 'on'} />{' '}
            按责任层级模板生成责任清单草稿
          </label>
        ) : null}
      </fieldset>
    </>
  )
}
