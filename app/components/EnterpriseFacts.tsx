import type { EnterpriseProfile } from '../modules/enterprises/enterprises.server'
import { SCOPE_LABELS, type ScopeType } from '../modules/reference/rules'

type Profile = Omit<EnterpriseProfile, 'supervisors'> & { supervisors: EnterpriseProfile['supervisors'] }

export function EnterpriseFacts({ profile }: { profile: Profile }) {
  return (
    <dl className="facts">
      <dt>企业名称</dt>
      <dd>{profile.name}</dd>
      <dt>统一社会信用代码</dt>
      <dd>{profile.creditCode}</dd>
      <dt>行业</dt>
      <dd>{profile.industryName}</dd>
      <dt>所在地区</dt>
      <dd>{profile.regionLabel}</dd>
      <dt>地址</dt>
      <dd>{profile.address}</dd>
      <dt>法定代表人</dt>
      <dd>{profile.legalRepresentative}</dd>
      <dt>主要负责人</dt>
      <dd>{profile.principalName}</dd>
      <dt>联系电话</dt>
      <dd>{profile.phone}</dd>
    </dl>
  )
}

/** 行业监管 / 综合监管 / 属地监管: which departments the enterprise answers to. */
export function Supervisors({ supervisors }: { supervisors: Profile['supervisors'] }) {
  const order: ScopeType[] = ['industry', 'comprehensive', 'territorial']
  return (
    <div className="supervisors">
      {order.map((type) => (
        <div key={type}>
          <span className="kind">{SCOPE_LABELS[type]}</span>
          {supervisors[type].length ? (
            supervisors[type].map((d) => (
              <span key={d.id} className="badge">
                {d.name}
              </span>
            ))
          ) : (
            <span className="muted">平台尚未登记对应部门</span>
          )}
        </div>
      ))}
    </div>
  )
}
