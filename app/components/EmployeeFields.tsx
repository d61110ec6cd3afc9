import { DateField, Field } from './Field'

export function EmployeeFields({
  values,
  errors,
  idCardHint,
}: {
  values: Record<string, string>
  errors: Record<string, string>
  idCardHint?: string
}) {
  return (
    <div className="form-grid">
      <Field name="name" label="姓名" defaultValue={values.name} error={errors.name} required />
      <Field name="employeeNo" label="工号" defaultValue={values.employeeNo} error={errors.employeeNo} required />
      <Field
        name="phone"
        label="手机号"
        defaultValue={values.phone}
        error={errors.phone}
        inputMode="tel"
        hint="职工用手机号登录并签字确认"
        required
      />
      <Field
        name="employmentType"
        label="用工形式"
        defaultValue={values.employmentType}
        error={errors.employmentType}
        options={['正式', '劳务派遣', '实习', '外包'].map((t) => ({ value: t, label: t }))}
        required
      />
      <DateField name="hiredOn" label="入职日期" defaultValue={values.hiredOn} error={errors.hiredOn} required />
      <Field
        name="idCard"
        label="身份证号（可选）"
        defaultValue={values.idCard}
        error={errors.idCard}
        autoComplete="off"
        hint={idCardHint}
      />
    </div>
  )
}
