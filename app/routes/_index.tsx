import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { homePath } from '../modules/auth/actor'
import { getCurrentUser } from '../modules/auth/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const current = await getCurrentUser(request)
  throw redirect(current ? homePath(current.actor.role) : '/login')
}

export default function Index() {
  return null
}
