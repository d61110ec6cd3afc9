import { useState, useEffect, useRef, type InputHTMLAttributes } from 'react'
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
      <FilePicker
        id={id}
        name={name}
        multiple={multiple}
        accept={acceptOf(kind)}
        aria-invalid={shown ? true : undefined}
        aria-describedby={[shown ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(' ')}
        onFiles={(files, input) => {
          if (files.length === 0) return true
          // size, count and the type read from each file's first bytes, as the server will check them
          void Promise.all(
            files.map(async (f) => ({ name: f.name, size: f.size, head: new Uint8Array(await f.slice(0, HEAD_BYTES).arrayBuffer()) })),
          ).then((chosen) => {
            const problem = chosenFilesProblem(kind, chosen, multiple)
            setLocal(problem)
            if (problem) {
              input.value = ''
              // the picker shows 未选择文件 again
              input.dispatchEvent(new Event('change', { bubbles: true }))
            }
          })
          return true
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

/**
 * The file control itself, in Chinese whatever the browser's language: the browser's own input (which
 * says "Choose File / No file chosen" in an English browser) is kept for the form, the keyboard and
 * screen readers but drawn invisibly under our 选择文件 button and the chosen names (未选择文件).
 * `onFiles` may refuse the choice (returns false after clearing the input).
 */
export function FilePicker({
  id,
  onFiles,
  ...input
}: { id: string; name: string; onFiles?: (files: File[], input: HTMLInputElement) => boolean } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'id' | 'onChange'
>) {
  const [chosen, setChosen] = useState<string[]>([])
  const ref = useRef<HTMLInputElement>(null)
  // a form reset empties the input without a change event: the names follow it
  useEffect(() => {
    const form = ref.current?.form
    if (!form) return
    const clear = () => setChosen([])
    form.addEventListener('reset', clear)
    return () => form.removeEventListener('reset', clear)
  }, [])
  return (
    <span className="file-picker">
      <input
        {...input}
        ref={ref}
        id={id}
        type="file"
        onChange={(e) => {
          const el = e.currentTarget
          const files = [...(el.files ?? [])]
          const kept = onFiles ? onFiles(files, el) : true
          setChosen(kept ? files.map((f) => f.name) : [])
        }}
      />
      <span className="btn btn-secondary btn-small file-picker-button" aria-hidden>
        选择文件
      </span>
      <span className={`file-picker-names${chosen.length ? '' : ' muted'}`} aria-live="polite">
        {chosen.length === 0 ? '未选择文件' : chosen.length === 1 ? chosen[0] : `已选择 ${chosen.length} 个文件：${chosen.join('、')}`}
      </span>
    </span>
  )
}
