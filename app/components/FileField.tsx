import { useState } from 'react'
import { acceptOf, tooLargeMessage, uploadHint, UPLOAD_KINDS, type UploadKindName } from '../modules/evidence/uploads'

// Every file picker: label, the picker with its `accept`, the accepted types and the size limit
// beside it, and the Chinese message. Types and limits come from the one list (UPLOAD_KINDS), which
// the server enforces while the upload streams in. With JavaScript, a file over the limit is refused
// here before anything is sent.
export function FileField({
  name,
  label,
  kind,
  error,
  multiple,
  required,
  optional,
  wide,
}: {
  name: string
  label: string
  kind: UploadKindName
  error?: string
  multiple?: boolean
  required?: boolean
  /** says （可选） after the label */
  optional?: boolean
  wide?: boolean
}) {
  const [local, setLocal] = useState<string | null>(null)
  const id = `f-${name}`
  const shown = local ?? error
  const limits = UPLOAD_KINDS[kind]
  return (
    <div className={`field${wide ? ' field-wide' : ''}${shown ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span aria-hidden className="muted">
            {' '}
            *
          </span>
        ) : null}
        {optional ? <span className="muted">（可选）</span> : null}
      </label>
      <input
        id={id}
        type="file"
        name={name}
        multiple={multiple}
        accept={acceptOf(kind)}
        aria-invalid={shown ? true : undefined}
        aria-describedby={[shown ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(' ')}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])]
          const big = files.find((f) => f.size > limits.maxBytes)
          const many = multiple && files.length > limits.maxFiles
          if (big || many) {
            e.currentTarget.value = ''
            setLocal(big ? tooLargeMessage(big.name, limits.maxBytes) : `一次最多上传 ${limits.maxFiles} 个文件`)
          } else setLocal(null)
        }}
      />
      <span id={`${id}-hint`} className="hint">
        {uploadHint(kind, multiple)}
      </span>
      {shown ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {shown}
        </span>
      ) : null}
    </div>
  )
}
