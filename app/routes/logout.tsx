import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { assertSameOrigin, signOut } from '../modules/auth/auth.server'

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request)
  return redirect('/login', { headers: { 'Set-Cookie': await signOut(request) } })
}

export async function loader() {
  return redirect('/')
}
