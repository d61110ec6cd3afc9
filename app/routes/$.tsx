import { notFound } from '../utils/http'

// Any URL no route claims: the Chinese 404 page of the root error boundary.
export function loader() {
  throw notFound()
}

export default function CatchAll() {
  return null
}
