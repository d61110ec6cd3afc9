import { Field } from './Field'

// The enterprise profile's fields, shared by the enterprise's own edit form and the platform's create form.
export function EnterpriseFields({
  values,
  errors,
  industries,
  regions,
}: {
  values: Record<string, string>
  errors: Record<string, string>
  industries: { code: string; name: string }[]
  regions: { code: string; label: string }[]
}) {
  return (
    <div className="form-grid">
      <Field name="name" label="企业名称" defaultValue={values.name} error={errors.name} required />
      <Field
        name="creditCode"
        label="统一社会信用代码"
        defaultValue={values.creditCode}
        error={errors.creditCode}
        hint="18位，见营业执照"
        required
      />
      <Field
        name="industryCode"
        label="行业"
        defaultValue={values.industryCode}
        error={errors.industryCode}
        options={industries.map((i) => ({ value: i.code, label: i.name }))}
        required
      />
      <Field
        name="regionCode"
        label="所在地区"
        defaultValue={values.regionCode}
        error={errors.regionCode}
        options={regions.map((r) => ({ value: r.code, label: r.label }))}
        hint="选择到乡镇（街道）可让属地监管部门看到本企业"
        required
      />
      <Field name="address" label="地址" defaultValue={values.address} error={errors.address} required />
      <Field
        name="legalRepresentative"
        label="法定代表人"
        defaultValue={values.legalRepresentative}
        error={errors.legalRepresentative}
        required
      />
      <Field name="principalName" label="主要负责人" defaultValue={values.principalName} error={errors.principalName} required />
      <Field name="phone" label="联系电话" defaultValue={values.phone} error={errors.phone} inputMode="tel" required />
    </div>
  )
}
