import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

// Table interfaces appear only here; modules use the Selectable/Insertable aliases.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
/** a calendar date, kept as 'YYYY-MM-DD' (both engines are told not to turn it into a Date) */
type DateOnly = string

export interface RegionsTable {
  code: string
  name: string
  parent_code: string | null
  level: number
}

export interface IndustriesTable {
  code: string
  name: string
  high_risk: Generated<boolean>
  half_yearly_drills: Generated<boolean>
  sort: Generated<number>
}

export interface IndustrySupervisorsTable {
  industry_code: string
  department_kind: string
}

export interface DepartmentsTable {
  id: Generated<string>
  name: string
  kind: string
  region_code: string
  created_at: CreatedAt
}

export interface EnterprisesTable {
  id: Generated<string>
  name: string
  credit_code: string
  industry_code: string
  region_code: string
  address: Generated<string>
  legal_representative: Generated<string>
  principal_name: Generated<string>
  phone: Generated<string>
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
}

export interface OrgUnitsTable {
  enterprise_id: string
  id: Generated<string>
  parent_id: string | null
  name: string
  kind: '公司' | '部门' | '车间' | '工段' | '班组'
  sort: Generated<number>
  /** 分管负责人: the tier-2 post in charge of this unit */
  supervisor_post_id: string | null
}

export interface PostsTable {
  enterprise_id: string
  id: Generated<string>
  org_unit_id: string
  name: string
  tier: number
  is_safety_manager: Generated<boolean>
  in_charge_of_safety: Generated<boolean>
  is_unit_head: Generated<boolean>
  required_certificates: Generated<string[]>
  created_at: CreatedAt
  archived_at: Timestamp | null
}

export interface EmployeesTable {
  enterprise_id: string
  id: Generated<string>
  name: string
  employee_no: string
  phone: string
  employment_type: '正式' | '劳务派遣' | '实习' | '外包'
  hired_on: DateOnly
  id_card: string | null
  created_at: CreatedAt
}

export interface AssignmentsTable {
  enterprise_id: string
  id: Generated<string>
  employee_id: string
  post_id: string
  start_on: DateOnly
  end_on: DateOnly | null
}

export type Role = 'enterprise_admin' | 'enterprise_head' | 'worker' | 'regulator' | 'platform_admin'

export interface UsersTable {
  id: Generated<string>
  username: string | null
  phone: string | null
  display_name: string
  password_hash: string | null
  role: Role
  enterprise_id: string | null
  employee_id: string | null
  department_id: string | null
  failed_sign_ins: Generated<number>
  locked_until: Timestamp | null
  created_at: CreatedAt
  /** someone else set the password: the owner must change it before anything else */
  must_change_password: Generated<boolean>
  /** the platform admin reset the password; shown to the owner at the next sign-in */
  password_reset_notice_at: Timestamp | null
  password_changed_at: Timestamp | null
}

export interface PasswordResetsTable {
  id: Generated<string>
  user_id: string
  enterprise_id: string | null
  /** sha256 hex of the one-time token */
  token_hash: string
  expires_at: Timestamp
  used_at: Timestamp | null
  revoked_at: Timestamp | null
  created_by: string
  created_at: CreatedAt
}

export interface SessionsTable {
  /** sha256 hex of the session id */
  id: string
  user_id: string
  expires_at: Timestamp
}

export interface AuditEventsTable {
  id: Generated<string>
  at: ColumnType<Date, Date | string | undefined, never>
  user_id: string | null
  enterprise_id: string | null
  action: string
  target: string | null
  result: 'ok' | 'denied' | 'failed'
  ip: string | null
  user_agent: string | null
  detail: unknown
}

export type DutyListStatus = 'draft' | 'submitted' | 'published' | 'superseded'
export type ApprovalRole = 'unit_head' | 'deputy' | 'principal'
export interface ApprovalStep {
  role: ApprovalRole
  postId: string
  postName: string
}

export interface DutyListVersionsTable {
  enterprise_id: string
  id: Generated<string>
  post_id: string
  version: number
  status: DutyListStatus
  title: string
  approval_chain: ColumnType<ApprovalStep[] | null, string | null, string | null>
  approval_step: number | null
  content_hash: string | null
  created_by: string
  created_at: CreatedAt
  submitted_at: Timestamp | null
  published_at: Timestamp | null
  superseded_at: Timestamp | null
}

export interface DutyItemsTable {
  enterprise_id: string
  id: Generated<string>
  version_id: string
  position: number
  text: string
  category: string
  legal_basis: string | null
}

export type DutyListAction = 'create' | 'submit' | 'approve' | 'reject' | 'publish' | 'withdraw'

export interface DutyListEventsTable {
  enterprise_id: string
  id: Generated<string>
  version_id: string
  action: DutyListAction
  step_role: ApprovalRole | null
  user_id: string
  actor_name: string
  post_name: string | null
  comment: string | null
  /** approvals only: the submission instant and step index, unique per version (one approval per step) */
  approval_key: ColumnType<string | null, string | null | undefined, never>
  at: ColumnType<Date, Date | string | undefined, never>
}

export interface ImportBatchesTable {
  enterprise_id: string
  id: Generated<string>
  kind: string
  file_name: string
  status: 'previewed' | 'committed' | 'discarded'
  row_count: number
  rows: ColumnType<unknown, string, string>
  problems: ColumnType<unknown, string, string>
  created_by: string
  created_at: CreatedAt
  committed_at: Timestamp | null
  /** staged batches (import_batch_chunks): rows staged and problems found; null for the small imports */
  staged_count: number | null
  problem_count: number | null
}

export interface ImportBatchChunksTable {
  enterprise_id: string
  batch_id: string
  seq: number
  rows: ColumnType<unknown, string, string>
}

export interface InvitationsTable {
  enterprise_id: string
  id: Generated<string>
  employee_id: string
  user_id: string
  token_hash: string
  expires_at: Timestamp
  used_at: Timestamp | null
  revoked_at: Timestamp | null
  created_by: string
  created_at: CreatedAt
}

export interface LedgerHeadsTable {
  enterprise_id: string
  seq: number
  last_hash: string
}

export interface AcknowledgementsTable {
  enterprise_id: string
  id: Generated<string>
  seq: number
  employee_id: string
  post_id: string
  assignment_id: string
  version_id: string
  version: number
  content_hash: string
  user_id: string
  confirmed_at: ColumnType<Date, Date, never>
  client_ip: string | null
  user_agent: string | null
  signature_kind: 'drawn' | 'typed'
  signature: string
  prev_hash: string
  row_hash: string
}

export interface RemindersTable {
  enterprise_id: string
  id: Generated<string>
  employee_id: string
  kind: string
  subject_id: string | null
  message: string
  created_by: string
  created_at: CreatedAt
  sent_at: Timestamp | null
}

export interface EvidenceFilesTable {
  enterprise_id: string
  id: Generated<string>
  owner_kind: string
  owner_id: string
  slot: string
  file_name: string
  media_type: string
  size: number
  sha256: string
  storage_key: string
  uploaded_by: string
  uploaded_at: CreatedAt
}

export type PlanKind = '综合预案' | '专项预案' | '现场处置方案'

export interface EmergencyPlansTable {
  enterprise_id: string
  id: Generated<string>
  kind: PlanKind
  title: string
  version: string
  issued_on: DateOnly
  filed_on: DateOnly | null
  reviewed_on: DateOnly | null
  created_by: string
  created_at: CreatedAt
}

export interface DrillsTable {
  enterprise_id: string
  id: Generated<string>
  plan_id: string
  held_on: DateOnly
  form: '桌面' | '实战'
  participants: number
  summary: string
  created_by: string
  created_at: CreatedAt
}

/** 参演人员: who took part in a drill */
export interface DrillParticipantsTable {
  enterprise_id: string
  drill_id: string
  employee_id: string
  created_by: string
  created_at: Date
}

export type TrainingKind = '岗前三级教育' | '年度再培训' | '转岗复岗' | '特种作业' | '负责人及安全管理人员'
export type TrainingLevel = '厂级' | '车间级' | '班组级'

export interface TrainingSessionsTable {
  enterprise_id: string
  id: Generated<string>
  topic: string
  kind: TrainingKind
  level: TrainingLevel | null
  status: 'planned' | 'held'
  held_on: DateOnly
  hours: ColumnType<number, number, number>
  trainer: string
  place: string
  assessment: Generated<string>
  created_by: string
  created_at: CreatedAt
}

export interface TrainingAttendanceTable {
  enterprise_id: string
  session_id: string
  employee_id: string
  result: '合格' | '不合格' | null
  created_at: CreatedAt
}

export interface CertificatesTable {
  enterprise_id: string
  id: Generated<string>
  employee_id: string
  kind: string
  number: string
  authority: string
  issued_on: DateOnly
  expires_on: DateOnly
  review_due_on: DateOnly | null
  created_by: string
  created_at: CreatedAt
  /** the catalogue item (input-uploads); null for "其他：…" and for names still to resolve */
  catalogue_code: string | null
}

export type ObligationStatus = '已落实' | '部分落实' | '未落实' | '不适用'

export interface ObligationStatesTable {
  enterprise_id: string
  id: Generated<string>
  item_no: number
  status: ObligationStatus
  reason: string | null
  responsible: string
  note: Generated<string>
  reviewed_on: DateOnly
  next_review_on: DateOnly | null
  set_by: string
  set_by_name: string
  set_at: ColumnType<Date, Date | string | undefined, never>
}

export interface SelfCheckItem {
  no: number
  title: string
  shown: string | null
  declared: string | null
  basis: string
  figures: { label: string; value: string }[]
  warning: string | null
  responsible: string | null
  evidenceCount: number
}

export interface SelfChecksTable {
  enterprise_id: string
  id: Generated<string>
  snapshot: ColumnType<SelfCheckItem[], string, never>
  created_by: string
  created_by_name: string
  created_at: ColumnType<Date, Date | string | undefined, never>
  signed_by: string | null
  signed_by_name: string | null
  signed_post: string | null
  signed_at: Timestamp | null
}

export interface CommitteeMeetingsTable {
  enterprise_id: string
  id: Generated<string>
  held_on: DateOnly
  chair: string
  attendees: string
  topics: string
  created_by: string
  created_at: CreatedAt
}

export interface TargetAgreementsTable {
  enterprise_id: string
  id: Generated<string>
  year: number
  employee_id: string
  post_name: string
  content: string
  issued_by: string
  issued_at: CreatedAt
  signed_at: Timestamp | null
  signature_kind: 'drawn' | 'typed' | null
  signature: string | null
  client_ip: string | null
}

export interface ReportSnapshot {
  asOf: string
  areas: { name: string; value: string; note: string; bad: boolean }[]
  items: { no: number; title: string; shown: string | null }[]
  actions: { text: string; urgency: number }[]
  /** counts behind the regulator's red flags; absent in reports drafted before they were recorded */
  figures?: ReportFigures
}

export interface ReportFigures {
  workers: number
  overdueConfirmations: number
  missingCertificates: number
  overdueDrills: number
  itemsUnmet: number
  openOrders: number
  overdueOrders: number
  /** confirmations made after their deadline, and the counts behind completion and on-time rates (absent in older reports) */
  lateConfirmations?: number
  confirmationsRequired?: number
  confirmationsDone?: number
}

export interface StatusReportsTable {
  enterprise_id: string
  id: Generated<string>
  snapshot: ColumnType<ReportSnapshot, string, never>
  created_by: string
  created_by_name: string
  created_at: ColumnType<Date, Date | string | undefined, never>
  signed_by: string | null
  signed_by_name: string | null
  published_at: Timestamp | null
  /** the enterprise's confirmation-ledger head frozen when the head signed (last seq and its hash) */
  ledger_seq: ColumnType<number | null, number | null | undefined, number | null>
  ledger_hash: string | null
}

export interface ReportViewsTable {
  enterprise_id: string
  id: Generated<string>
  report_id: string | null
  viewer_user_id: string
  viewer_name: string
  department_name: string
  viewed_at: ColumnType<Date, Date | string | undefined, never>
  subject: Generated<string>
}

// --- certificate catalogue (input-uploads, migration 20261130140000) ---
export interface CertificateCatalogueTable {
  code: string
  kind: string
  category: string
  item: string
  name: string
  validity_years: number | null
  review_years: number | null
  source: string
  sort: number
}

export interface Database {
  regions: RegionsTable
  industries: IndustriesTable
  industry_supervisors: IndustrySupervisorsTable
  departments: DepartmentsTable
  enterprises: EnterprisesTable
  org_units: OrgUnitsTable
  posts: PostsTable
  employees: EmployeesTable
  assignments: AssignmentsTable
  users: UsersTable
  sessions: SessionsTable
  audit_events: AuditEventsTable
  duty_list_versions: DutyListVersionsTable
  duty_items: DutyItemsTable
  duty_list_events: DutyListEventsTable
  import_batches: ImportBatchesTable
  import_batch_chunks: ImportBatchChunksTable
  invitations: InvitationsTable
  password_resets: PasswordResetsTable
  ledger_heads: LedgerHeadsTable
  acknowledgements: AcknowledgementsTable
  reminders: RemindersTable
  evidence_files: EvidenceFilesTable
  emergency_plans: EmergencyPlansTable
  drills: DrillsTable
  drill_participants: DrillParticipantsTable
  training_sessions: TrainingSessionsTable
  training_attendance: TrainingAttendanceTable
  certificates: CertificatesTable
  certificate_catalogue: CertificateCatalogueTable
  obligation_states: ObligationStatesTable
  self_checks: SelfChecksTable
  committee_meetings: CommitteeMeetingsTable
  target_agreements: TargetAgreementsTable
  status_reports: StatusReportsTable
  report_views: ReportViewsTable
  enterprise_report_status: EnterpriseReportStatusTable
  inspections: InspectionsTable
  rectification_orders: RectificationOrdersTable
  rectification_items: RectificationItemsTable
  rectification_events: RectificationEventsTable
  push_endpoints: PushEndpointsTable
  report_push_outbox: ReportPushOutboxTable
  risk_points: RiskPointsTable
  risks: RisksTable
  hazards: HazardsTable
  hazard_events: HazardEventsTable
}

export interface EnterpriseReportStatusTable {
  enterprise_id: string
  report_id: string
  published_at: Timestamp
  workers: number
  overdue_confirmations: number
  missing_certificates: number
  overdue_drills: number
  items_unmet: number
}

export interface InspectionsTable {
  enterprise_id: string
  id: Generated<string>
  department_id: string
  department_name: string
  inspected_at: Timestamp
  place: string
  inspectors: string
  content: string
  problems: string
  handling: string
  inspector_user_id: string
  inspector_name: string
  created_at: ColumnType<Date, Date | string | undefined, never>
  head_user_id: string | null
  head_name: string | null
  head_signed_at: Timestamp | null
  refusal_note: string | null
  refusal_recorded_at: Timestamp | null
}

export type RectificationStatus = 'open' | 'answered' | 'returned' | 'accepted'

export interface RectificationOrdersTable {
  enterprise_id: string
  id: Generated<string>
  inspection_id: string | null
  department_id: string
  department_name: string
  document_no: string
  issued_by: string
  issued_by_name: string
  issued_at: ColumnType<Date, Date | string | undefined, never>
  due_date: DateOnly
  status: ColumnType<RectificationStatus, RectificationStatus | undefined, RectificationStatus>
  closed_at: Timestamp | null
}

export interface RectificationItemsTable {
  enterprise_id: string
  order_id: string
  no: number
  problem: string
  requirement: string
  due_date: DateOnly
}

export interface RectificationEventsTable {
  enterprise_id: string
  id: Generated<string>
  order_id: string
  kind: 'answer' | 'accept' | 'return'
  note: string
  by_user_id: string
  by_name: string
  /** reviews only: the answer reviewed, unique (one review per answer) */
  answer_id: ColumnType<string | null, string | null | undefined, never>
  at: ColumnType<Date, Date | string | undefined, never>
}

export type Enterprise = Selectable<EnterprisesTable>
export type NewEnterprise = Insertable<EnterprisesTable>
export type EnterpriseUpdate = Updateable<EnterprisesTable>
export type User = Selectable<UsersTable>
export type Region = Selectable<RegionsTable>
export type Industry = Selectable<IndustriesTable>
export type Department = Selectable<DepartmentsTable>
export type Post = Selectable<PostsTable>
export type Employee = Selectable<EmployeesTable>
export type OrgUnit = Selectable<OrgUnitsTable>
export type Assignment = Selectable<AssignmentsTable>

/** A region's provincial-platform receiver (reference table, set by the platform admin). */
export interface PushEndpointsTable {
  region_code: string
  url: string
  /** a secret: never logged, shown masked */
  token: string
  enabled: Generated<boolean>
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>
  updated_by: string | null
}

export type PushStatus = 'pending' | 'delivered' | 'dead'

export interface ReportPushOutboxTable {
  enterprise_id: string
  id: Generated<string>
  report_id: string
  region_code: string
  idempotency_key: string
  status: ColumnType<PushStatus, PushStatus | undefined, PushStatus>
  attempts: Generated<number>
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>
  last_error: string | null
  last_status: number | null
  delivered_at: Timestamp | null
  created_at: CreatedAt
}

// 双重预防 (migration 20261201130000)
export type RiskLevelCode = 'major' | 'serious' | 'general' | 'low'
export type ControlLevelCode = 'company' | 'workshop' | 'team' | 'post'
export type HazardStatus = 'reported' | 'rectifying' | 'verifying' | 'governing' | 'resume_requested' | 'closed'
export type HazardGrade = 'general' | 'major'
/** numeric columns come back as strings from pg and PGlite alike */
type Numeric = ColumnType<string, number | string, number | string>

export interface RiskPointsTable {
  enterprise_id: string
  id: Generated<string>
  unit_id: string
  name: string
  kind: '区域场所' | '设备设施' | '作业活动'
  location: Generated<string>
  created_at: ColumnType<Date, Date, never>
}

export interface RisksTable {
  enterprise_id: string
  id: Generated<string>
  risk_point_id: string
  hazard_source: string
  accident_types: string
  method: 'LEC' | 'LS'
  score_l: Numeric
  score_e: ColumnType<string | null, number | string | null, number | string | null>
  score_c: ColumnType<string | null, number | string | null, number | string | null>
  score_s: ColumnType<string | null, number | string | null, number | string | null>
  score: Numeric
  level: RiskLevelCode
  control_level: ControlLevelCode
  post_id: string
  measures: ColumnType<{ kind: string; content: string }[], string, string>
  created_at: ColumnType<Date, Date, never>
  updated_at: ColumnType<Date, Date, Date>
}

export interface HazardsTable {
  enterprise_id: string
  id: Generated<string>
  no: number
  source: 'self' | 'check' | 'worker' | 'regulator'
  place: string
  description: string
  found_by_user_id: string
  found_by_name: string
  found_at: ColumnType<Date, Date, never>
  report_key: ColumnType<string | null, string | null | undefined, never>
  status: HazardStatus
  grade: HazardGrade | null
  responsible_user_id: string | null
  responsible_name: string | null
  measures: string | null
  deadline: DateOnly | null
  funds: ColumnType<string | null, number | string | null, number | string | null>
  criterion_code: string | null
  situation: string | null
  severity: string | null
  stop_work: boolean | null
  stop_work_note: string | null
  workers_congress_on: DateOnly | null
  reported_at: Timestamp | null
  plan: ColumnType<Record<string, string> | null, string | null, string | null>
  assessment: string | null
  rectified_by: string | null
  closed_at: Timestamp | null
  supervision_department_id: string | null
  supervision_department_name: string | null
  supervision_no: string | null
  supervision_deadline: DateOnly | null
  supervised_at: Timestamp | null
  updated_at: Timestamp
}

export interface HazardEventsTable {
  enterprise_id: string
  hazard_id: string
  seq: number
  step: string
  from_status: HazardStatus | null
  to_status: HazardStatus
  note: ColumnType<string, string | undefined, never>
  detail: ColumnType<Record<string, unknown>, string | undefined, never>
  /** the trigger signs: it overwrites these from app.user_id */
  by_user_id: ColumnType<string, string | undefined, never>
  by_name: ColumnType<string, string | undefined, never>
  by_role: ColumnType<string, string | undefined, never>
  by_department_id: ColumnType<string | null, string | null | undefined, never>
  at: ColumnType<Date, Date, never>
}
