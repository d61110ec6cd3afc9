import { useNavigation } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { dayProblem, parseDay, parseLocalDateTime } from '../utils/calendar'

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

/**
 * A calendar day, shown and typed as yyyy-mm-dd whatever the browser's language: a text input, not the
 * browser's date control (which an English browser draws as mm/dd/yyyy). What a person types is read
 * by the one date parser (2026/3/5, 2026年3月5日, ２０２６－０３－０５ …) and shown back as 2026-03-05
 * when the field is left; a day that does not exist is said beside the field at once. The server
 * parses the same way, so without JavaScript nothing changes but the early message.
 */
export function DateInput({
  id,
  name,
  label,
  defaultValue,
  required,
  invalid,
  describedBy,
  onProblem,
}: {
  id: string
  name: string
  /** for the message, and as the accessible name when no <label> points here */
  label: string
  defaultValue?: string
  required?: boolean
  invalid?: boolean
  describedBy?: string
  onProblem?: (message: string | null) => void
}) {
  return (
    <input
      id={id}
      name={name}
      type="text"
      className="date-input"
      inputMode="numeric"
      autoComplete="off"
      aria-label={label}
      placeholder="如 2026-03-05"
      maxLength={20}
      size={12}
      defaultValue={defaultValue}
      required={required}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={describedBy}
      onBlur={(e) => {
        const el = e.currentTarget
        const raw = el.value.trim()
        if (!raw) return onProblem?.(null)
        const r = parseDay(raw)
        if (r.ok) {
          el.value = r.day
          onProblem?.(null)
        } else onProblem?.(dayProblem(label, raw, r))
      }}
    />
  )
}

type CheckedFieldProps = Pick<FieldProps, 'name' | 'label' | 'error' | 'hint' | 'defaultValue' | 'required'>

/**
 * The frame of a field the browser checks as the person leaves it (a day, a wall-clock time): label,
 * the control, hint, and one message beside it — the browser's own until the server answers again.
 */
function LocallyCheckedField({
  name,
  label,
  error,
  hint,
  required,
  control,
}: CheckedFieldProps & {
  control: (p: { id: string; invalid: boolean; describedBy?: string; onProblem: (m: string | null) => void }) => ReactNode
}) {
  const [local, setLocal] = useState<string | null>(null)
  const id = `f-${name}`
  const shown = local ?? error
  return (
    <div className={`field${shown ? ' invalid' : ''}`}>
      <FieldLabel id={id} label={label} required={required} />
      {control({ id, invalid: Boolean(shown), describedBy: describedByOf(id, hint, shown), onProblem: setLocal })}
      <FieldNotes id={id} hint={hint} error={shown} />
    </div>
  )
}

/** The labelled day field of the form kit (label, DateInput, hint, the message beside it). */
export function DateField(props: CheckedFieldProps) {
  const { name, label, defaultValue, required } = props
  return (
    <LocallyCheckedField
      {...props}
      control={(c) => (
        <DateInput
          id={c.id}
          name={name}
          label={label}
          defaultValue={defaultValue}
          required={required}
          invalid={c.invalid}
          describedBy={c.describedBy}
          onProblem={c.onProblem}
        />
      )}
    />
  )
}

/**
 * A wall-clock time, shown and typed as yyyy-mm-dd hh:mm in any browser language (the browser's
 * datetime-local control is drawn in the browser's own language). The server reads it with the same
 * parser (parseLocalDateTime).
 */
export function DateTimeField(props: CheckedFieldProps) {
  const { name, label, defaultValue, required } = props
  return (
    <LocallyCheckedField
      {...props}
      control={(c) => (
        <input
          id={c.id}
          name={name}
          type="text"
          autoComplete="off"
          placeholder="如 2026-03-05 09:30"
          maxLength={30}
          defaultValue={defaultValue?.replace('T', ' ')}
          required={required}
          aria-invalid={c.invalid ? true : undefined}
          aria-describedby={c.describedBy}
          onBlur={(e) => {
            const el = e.currentTarget
            if (!el.value.trim()) return c.onProblem(null)
            const t = parseLocalDateTime(el.value)
            if (t) {
              el.value = t.replace('T', ' ')
              c.onProblem(null)
            } else c.onProblem(`${label}请写成 2026-03-05 09:30（日期和时刻须存在）`)
          }}
        />
      )}
    />
  )
}
