import { useNavigation } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'

// The one form-error pattern's markup: label, control, hint and the Chinese message beside the field.
export interface FieldProps {
  name: string
  label: string
  error?: string
  hint?: string
  defaultValue?: string
  type?: string
  required?: boolean
  autoComplete?: string
  inputMode?: 'text' | 'numeric' | 'tel' | 'email'
  placeholder?: string
  options?: { value: string; label: string }[]
  children?: ReactNode
}

export function Field({
  name,
  label,
  error,
  hint,
  defaultValue,
  type = 'text',
  required,
  autoComplete,
  inputMode,
  placeholder,
  options,
}: FieldProps) {
  const id = `f-${name}`
  const describedBy = describedByOf(id, hint, error)
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <FieldLabel id={id} label={label} required={required} />
      {options ? (
        <select
          id={id}
          name={name}
          defaultValue={defaultValue ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          required={required}
        >
          <option value="">请选择</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={defaultValue}
          autoComplete={autoComplete}
          inputMode={inputMode}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          required={required}
        />
      )}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  )
}

export function FormError({ message }: { message?: string }) {
  return message ? (
    <div className="form-error" role="alert">
      {message}
    </div>
  ) : null
}

/** The same pattern for longer text. */
export function TextArea({
  name,
  label,
  error,
  hint,
  defaultValue,
  required,
  rows = 3,
  placeholder,
}: Omit<FieldProps, 'type' | 'options' | 'children' | 'autoComplete' | 'inputMode'> & { rows?: number }) {
  const id = `f-${name}`
  const describedBy = describedByOf(id, hint, error)
  return (
    <div className={`field field-wide${error ? ' invalid' : ''}`}>
      <FieldLabel id={id} label={label} required={required} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        required={required}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  )
}

/** The hint and the error under a control, with the ids its aria-describedby names. */
/** A field's label, with the mark of a required one. */
export function FieldLabel({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <label htmlFor={id}>
      {label}
      {required ? (
        <span aria-hidden className="muted">
          {' '}
          *
        </span>
      ) : null}
    </label>
  )
}

/** The hint and the error beside a field, each with the id its control's aria-describedby names. */
export function FieldNotes({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  )
}

export function describedByOf(id: string, hint?: string, error?: string): string | undefined {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
}

/**
 * A new password and its confirmation, with the one password rule's hint: the invitation, the reset
 * link and 修改密码 all ask for it the same way.
 */
export function NewPasswordFields({
  errors,
  label = '新密码',
  confirmLabel = '再次输入新密码',
}: {
  errors: Record<string, string | undefined>
  label?: string
  confirmLabel?: string
}) {
  return (
    <>
      <Field
        name="password"
        label={label}
        type="password"
        autoComplete="new-password"
        error={errors.password}
        hint="至少10位，含字母和数字"
        required
      />
      <Field name="confirm" label={confirmLabel} type="password" autoComplete="new-password" error={errors.confirm} required />
    </>
  )
}

/**
 * Keys for the page's forms: a new key after every completed submission, so a form remounts empty
 * after a record is created — nothing typed or chosen for the last record (a file in its picker, a
 * certificate's holder and number) carries over into the next — and, after a refusal, shows the
 * values the server sent back. Navigating without submitting (a filter, a sort) keeps what is typed.
 * Call once at the top of the page: `const freshKey = useFreshFormKey()`, then `key={freshKey(values)}`.
 */
export function useFreshFormKey(): (values: unknown) => string {
  const navigation = useNavigation()
  const submitting = useRef(false)
  const [round, setRound] = useState(0)
  const submission = navigation.formMethod !== undefined && navigation.formMethod.toUpperCase() !== 'GET'
  useEffect(() => {
    if (submission) submitting.current = true
    else if (navigation.state === 'idle' && submitting.current) {
      submitting.current = false
      setRound((r) => r + 1)
    }
  }, [submission, navigation.state])
  return useCallback((values: unknown) => `${round}:${JSON.stringify(values)}`, [round])
}
