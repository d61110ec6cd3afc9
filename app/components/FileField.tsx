import { useState } from 'react'
import { acceptOf, chosenFilesProblem, HEAD_BYTES, uploadHint, type UploadKindName } from '../modules/evidence/uploads'

// Every file picker: label, the picker with its `accept`, the accepted types and the size limit
// beside it, and the Chinese message. Types and limits come from the one list (UPLOAD_KINDS), which
// the server enforces while the upload streams in. With JavaScript, a file that is too large, empty or
// of another type (judged by its first bytes, as the server judges) is refused here before anything is sent.
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
          const input = e.currentTarget
          const files = [...(input.files ?? [])]
          void Promise.all(
            files.map(async (f) => ({ name: f.name, size: f.size, head: new Uint8Array(await f.slice(0, HEAD_BYTES).arrayBuffer()) })),
          ).then((chosen) => {
            const problem = chosenFilesProblem(kind, chosen, multiple)
            if (problem) input.value = ''
            setLocal(problem)
          })
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
