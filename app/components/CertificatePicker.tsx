import type { CatalogueItem } from '../modules/reference/catalogue'
import { OTHER_PREFIX } from '../modules/reference/catalogue'
import { describedByOf, FieldLabel, FieldNotes } from './Field'

// The certificate catalogue as a searchable choice without a script library: an <input list> over one
// <datalist> of the catalogue's names (the browser filters as one types: 加氢, N1, 电工…). Anything
// outside the catalogue is written "其他：名称"; the server refuses every other free text.

export const CATALOGUE_LIST_ID = 'certificate-catalogue'

export function CatalogueList({
  catalogue,
  id = CATALOGUE_LIST_ID,
}: {
  catalogue: Pick<CatalogueItem, 'code' | 'name' | 'kind'>[]
  id?: string
}) {
  return (
    <datalist id={id}>
      {catalogue.map((c) => (
        <option key={c.code} value={c.name} />
      ))}
      <option value={OTHER_PREFIX} />
    </datalist>
  )
}

export function CertificateField({
  name,
  inputId,
  label,
  error,
  defaultValue,
  required,
  hint = '输入关键字筛选，如“加氢”“N1”“电工”；目录中没有的，填写“其他：证书名称”',
  listId = CATALOGUE_LIST_ID,
  wide = true,
}: {
  name: string
  /** when several pickers of the same name share a page */
  inputId?: string
  label: string
  error?: string
  defaultValue?: string
  required?: boolean
  hint?: string
  listId?: string
  wide?: boolean
}) {
  const id = inputId ?? `f-${name}`
  return (
    <div className={`field${wide ? ' field-wide' : ''}${error ? ' invalid' : ''}`}>
      <FieldLabel id={id} label={label} required={required} />
      <input
        id={id}
        name={name}
        list={listId}
        defaultValue={defaultValue}
        autoComplete="off"
        placeholder="从证书目录中选择"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf(id, hint, error)}
        required={required}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  )
}
