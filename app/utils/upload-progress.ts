// Upload progress for Remix's own form submissions. fetch() cannot report how much of a request body
// has been sent, XMLHttpRequest can: while installed, a POST whose body is a form carrying a file is
// sent by XMLHttpRequest and its answer handed back to Remix as the Response fetch would have given,
// so Remix's handling (redirects, errors beside fields, revalidation) is unchanged. Browser only.

export type Progress = { loaded: number; total: number }

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304])

export function carriesFile(body: unknown): body is FormData {
  if (!(body instanceof FormData)) return false
  for (const value of body.values()) if (value instanceof File && value.size > 0) return true
  return false
}

function headersOf(xhr: XMLHttpRequest): Headers {
  const headers = new Headers()
  for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
  }
  return headers
}

function sendWithProgress(url: string, init: RequestInit, body: FormData, onProgress: (p: Progress) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(init.method ?? 'POST', url)
    new Headers(init.headers).forEach((value, name) => xhr.setRequestHeader(name, value))
    xhr.responseType = 'arraybuffer'
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 })
    xhr.onload = () =>
      resolve(
        new Response(NULL_BODY_STATUSES.has(xhr.status) ? null : (xhr.response as ArrayBuffer), {
          status: xhr.status,
          statusText: xhr.statusText,
          headers: headersOf(xhr),
        }),
      )
    xhr.onerror = () => reject(new TypeError('Failed to fetch'))
    xhr.onabort = () => reject(new DOMException('The operation was aborted.', 'AbortError'))
    init.signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(body)
  })
}

/**
 * Routes every file-carrying POST made with fetch through XMLHttpRequest, reporting its progress
 * (`null` when it has finished). Returns the function that removes it.
 */
export function installUploadProgress(onProgress: (p: Progress | null) => void): () => void {
  const original = window.fetch
  const patched: typeof fetch = (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    if (method !== 'POST' || !init || !carriesFile(init.body)) return original(input, init)
    const url = input instanceof Request ? input.url : String(input)
    onProgress({ loaded: 0, total: 0 })
    return sendWithProgress(url, init, init.body, onProgress).finally(() => onProgress(null))
  }
  window.fetch = patched
  return () => {
    if (window.fetch === patched) window.fetch = original
  }
}
