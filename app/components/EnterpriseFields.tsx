import { Form } from '@remix-run/react'
import type { ComponentProps } from 'react'
import { Supervisors } from './EnterpriseFacts'
import { describedByOf, Field, FieldLabel, FieldNotes, FormError } from './Field'

type SupervisorList = ComponentProps<typeof Supervisors>['supervisors']

// The enterprise profile's fields, shared by the enterprise's own edit form and the platform's create
// and edit forms.
export function EnterpriseFields({
  values,
  errors,
  industries,
  regions,
  supervisionFixed = false,
}: {
  values: Record<string, string>
  errors: Record<string, string>
  industries: { code: string; name: string }[]
  regions: { code: string; label: string }[]
  /**
   * The enterprise's own form: 行业 and 所在地区 (they name the supervising departments), 企业名称 and
   * 统一社会信用代码 (its registered identity) are shown, not edited
   */
  supervisionFixed?: boolean
}) {
  return (
    <div className="form-grid">
      {supervisionFixed ? (
        <>
          <FixedField name="name" label="企业名称" value={values.name ?? ''} error={errors.name} hint={IDENTITY_HINT} />
          <FixedField
            name="creditCode"
            label="统一社会信用代码"
            value={values.creditCode ?? ''}
            error={errors.creditCode}
            hint={IDENTITY_HINT}
          />
          <FixedField
            name="industryCode"
            label="行业"
            value={values.industryCode ?? ''}
            text={industries.find((i) => i.code === values.industryCode)?.name}
            error={errors.industryCode}
            hint={SUPERVISION_HINT}
          />
          <FixedField
            name="regionCode"
            label="所在地区"
            value={values.regionCode ?? ''}
            text={regions.find((r) => r.code === values.regionCode)?.label}
            error={errors.regionCode}
            hint={SUPERVISION_HINT}
          />
        </>
      ) : (
        <>
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
        </>
      )}
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

/** A saved profile as the form's values (the enterprise's own edit form and the platform's). */
export function profileFormValues(p: {
  name: string
  creditCode: string
  industryCode: string
  regionCode: string
  address: string
  legalRepresentative: string
  principalName: string
  phone: string
}): Record<string, string> {
  const { name, creditCode, industryCode, regionCode, address, legalRepresentative, principalName, phone } = p
  return { name, creditCode, industryCode, regionCode, address, legalRepresentative, principalName, phone }
}

const SUPERVISION_HINT = '决定本企业的监管部门，由平台管理员变更'
const IDENTITY_HINT = '按营业执照登记，更名或换照由平台管理员变更'

/** A value this person cannot change: shown, not sent (the enterprise's own form has no such field). */
function FixedField({
  name,
  label,
  value,
  text,
  error,
  hint,
}: {
  name: string
  label: string
  value: string
  text?: string
  error?: string
  hint: string
}) {
  const id = `f-${name}`
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <FieldLabel id={id} label={label} />
      <input
        id={id}
        value={text ?? value}
        readOnly
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf(id, hint, error)}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  )
}

/**
 * The profile's edit form and the card of its current supervising departments, as the enterprise's
 * own page and the platform's edit page show them; only the enterprise's form fixes the name, the credit
 * code, 行业 and 所在地区.
 */
export function EnterpriseProfileForm({
  values,
  errors,
  industries,
  regions,
  supervisors,
  busy,
  supervisionFixed = false,
}: {
  values: Record<string, string>
  errors: Record<string, string>
  industries: { code: string; name: string }[]
  regions: { code: string; label: string }[]
  supervisors: SupervisorList
  busy: boolean
  supervisionFixed?: boolean
}) {
  return (
    <>
      <section className="card">
        <Form method="post" className="form" noValidate>
          <FormError message={errors._form ?? (Object.keys(errors).length ? '请修改标红的内容后再保存' : undefined)} />
          {/* key: a failed save re-mounts the fields with the person's own values */}
          <EnterpriseFields
            key={JSON.stringify(values)}
            values={values}
            errors={errors}
            industries={industries}
            regions={regions}
            supervisionFixed={supervisionFixed}
          />
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在保存…' : '保存'}
            </button>
          </div>
        </Form>
      </section>
      <section className="card">
        <h2>当前监管部门</h2>
        <Supervisors supervisors={supervisors} />
      </section>
    </>
  )
}
