import { data, redirect } from '@remix-run/node'
import type { FieldErrors } from './form'

// The one result of a command, and the one way an action turns it into a response.
//
// A module command returns Result: ok with its value, or a failure carrying field errors (each shown
// beside its field, with the values the person submitted) or a message (shown above the form), or both.
// A route never builds an error response by hand: `formFailure` re-renders the form with the person's
// values and every error, `respond` does that or redirects on success.

export type Failure =
  | { ok: false; message: string; fieldErrors?: FieldErrors; values?: Record<string, string> }
  | { ok: false; message?: undefined; fieldErrors: FieldErrors; values?: Record<string, string> }

export type Result<T extends object = object> = ({ ok: true } & T) | Failure

/** What an action returns when a form is refused: always this shape, status 400. */
export interface FormErrors {
  values: Record<string, string>
  fieldErrors: FieldErrors
  message?: string
}

export function refuse(message: string): Failure {
  return { ok: false, message }
}

export function invalid(fieldErrors: FieldErrors, values?: Record<string, string>): Failure {
  return { ok: false, fieldErrors, ...(values ? { values } : {}) }
}

/**
 * The form re-rendered: the person's values (those the failure carries, else those submitted), every
 * field error beside its field, the message above the form. `extra` tells a page with several forms
 * which one was refused (e.g. its intent).
 */
export function formFailure<E extends object = object>(failure: Failure, values: Record<string, string> = {}, extra?: E) {
  const body: FormErrors = {
    values: failure.values ?? values,
    fieldErrors: failure.fieldErrors ?? {},
    ...(failure.message !== undefined ? { message: failure.message } : {}),
  }
  return data({ ...body, ...(extra as E) }, { status: 400 })
}

/** A command's result as the action's response: a redirect on success, else the form re-rendered. */
export function respond<R extends { ok: true } | Failure>(
  result: R,
  values: Record<string, string>,
  onSuccess: string | ((ok: Extract<R, { ok: true }>) => string),
) {
  if (!result.ok) return formFailure(result as Failure, values)
  return redirect(typeof onSuccess === 'string' ? onSuccess : onSuccess(result as Extract<R, { ok: true }>))
}
