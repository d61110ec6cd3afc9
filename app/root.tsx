import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { MainNav } from './components/MainNav'
import { UploadProgress } from './components/UploadProgress'
import { ROLE_LABELS } from './modules/auth/actor'
import { navEntriesFor } from './modules/auth/access'
import { getCurrentUser } from './modules/auth/auth.server'
import styles from './styles/app.css'
import { useNonce } from './utils/nonce'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: '安责通 · 企业安全生产责任制平台' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const current = await getCurrentUser(request)
  if (!current) return { user: null }
  const { actor } = current
  return {
    user: {
      displayName: actor.displayName,
      role: actor.role,
      roleLabel: ROLE_LABELS[actor.role],
      hasEmployee: actor.kind === 'enterprise' && actor.employeeId !== null,
    },
  }
}

function Shell({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const user = data?.user ?? null
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden>
            安
          </span>
          安责通
        </Link>
        {user ? (
          <>
            <MainNav entries={navEntriesFor(user.role, user.hasEmployee)} />
            <div className="userbox">
              <span className="username">
                {user.displayName}
                <small>{user.roleLabel}</small>
              </span>
              <Link to="/account/password" className="btn btn-ghost">
                修改密码
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="btn btn-ghost">
                  退出
                </button>
              </Form>
            </div>
          </>
        ) : null}
      </header>
      <UploadProgress />
      <main className="page">{children}</main>
    </>
  )
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  let title = '系统出现错误'
  let message = '请稍后重试；如果问题持续出现，请联系平台管理员。'
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = '页面不存在'
      message = '您访问的页面或记录不存在，或您无权查看。'
    } else if (error.status === 403) {
      title = '无权访问'
      message = typeof error.data === 'string' && error.data ? error.data : '您的账号没有访问此页面的权限。'
    } else if (error.status === 503) {
      title = '数据库暂时不可用，请稍后重试'
      message = '系统暂时连不上数据库，正在自动恢复。请稍后刷新页面；如果刚才提交了表单，请恢复后先查看它是否已保存，未保存的再重新提交。'
    } else if (error.status === 400) {
      title = '请求有误'
      message = typeof error.data === 'string' && error.data ? error.data : '请求的参数不正确。'
    }
  }
  return (
    <Shell>
      <section className="card error-page">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <Link to="/" className="btn">
            返回首页
          </Link>
        </p>
      </section>
    </Shell>
  )
}
