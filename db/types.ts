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

/** safety_office: the 安全生产委员会办公室 (安委办) of a level, which receives the leaders' 一岗双责台账 */
export type Role = 'enterprise_admin' | 'enterprise_head' | 'worker' | 'regulator' | 'platform_admin' | 'safety_office'

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
  /** 考核标准 (《安全生产法》第二十二条): what the assessor checks for this duty, and its weight */
  criterion: ColumnType<string | null, string | null | undefined, string | null>
  weight: ColumnType<number | null, number | null | undefined, number | null>
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

/** What an import batch holds (the one Excel pipeline); checked in the database (20261202070000_enum_checks). */
export type ImportBatchKind = 'posts' | 'roster' | 'attendance' | 'risk-register'

export interface ImportBatchesTable {
  enterprise_id: string
  id: Generated<string>
  kind: ImportBatchKind
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

export type ReminderKind = 'acknowledgement_overdue'

export interface RemindersTable {
  enterprise_id: string
  id: Generated<string>
  employee_id: string
  kind: ReminderKind
  subject_id: string | null
  message: string
  created_by: string
  created_at: CreatedAt
  sent_at: Timestamp | null
}

/**
 * The kind of record a file hangs on (证据材料), checked in the database (20261202070000_enum_checks): a
 * new kind of record with evidence adds its name here and in a migration. The twenty items' evidence
 * hangs on `obligation-<item no>` with the enterprise's id.
 */
export type EvidenceOwnerKind =
  | 'training'
  | 'certificate'
  | 'plan'
  | 'drill'
  | 'meeting'
  | 'rectification-answer'
  | 'hazard-report'
  | 'hazard-rectify'
  // a 重大/较大 risk's 专项管控方案 (20261202090000_register_kinds)
  | 'risk-plan'
  // a check draft's photos, until the check is signed (20261203010100_check_drafts)
  | 'check-draft'
  | `obligation-${number}`

/** Which of a record's file slots a file fills (a drill's 方案/脚本/评估报告, a session's 签到表, …). */
export type EvidenceSlot =
  'scheme' | 'script' | 'assessment' | 'photo' | 'signin' | 'exam' | 'plan' | 'scan' | 'minutes' | 'answer' | 'evidence'

export interface EvidenceFilesTable {
  enterprise_id: string
  id: Generated<string>
  owner_kind: EvidenceOwnerKind
  owner_id: string
  slot: ColumnType<EvidenceSlot, string, never>
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
  /** 责任制考核 of the period just ended, and 履职记录 months unsigned (absent in older reports) */
  assessmentPeriod?: string
  assessmentsDue?: number
  assessmentsDone?: number
  assessmentsFailed?: number
  assessmentsFailedFollowedUp?: number
  dutyLogMonthsMissing?: number
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

/** 责任制考核 period, set per enterprise */
export type AssessmentPeriod = 'month' | 'quarter' | 'year'
export type AssessmentResult = '优秀' | '合格' | '不合格'

export interface AssessmentSettingsTable {
  enterprise_id: string
  period: AssessmentPeriod
  /** who assesses the 主要负责人: the 董事会 (the admin records it) or a self-assessment */
  principal_assessor: 'board' | 'self'
  updated_by: string
  updated_at: Timestamp
}

/** 履职记录: one person's sheet for a month (YYYY-MM), signed once and frozen */
export interface DutyLogMonthsTable {
  enterprise_id: string
  id: Generated<string>
  employee_id: string
  month: string
  created_at: Timestamp
  signed_by: string | null
  signed_name: string | null
  signed_posts: string | null
  signed_at: Timestamp | null
}

export interface DutyLogEntriesTable {
  enterprise_id: string
  id: Generated<string>
  month_id: string
  occurred_on: DateOnly
  content: string
  participants: Generated<string>
  remark: Generated<string>
  source: string | null
  /** the form's one-time key (one per form shown): the same form sent again is answered with this line */
  form_key: ColumnType<string | null, string | null | undefined, never>
  created_by: string
  created_at: Timestamp
}

/** a line removed from an unsigned month (append-only): what it said, and its form's key kept spent */
export interface DutyLogRemovedEntriesTable {
  enterprise_id: string
  entry_id: string
  month_id: string
  occurred_on: DateOnly
  content: string
  participants: string
  remark: string
  source: string | null
  form_key: string | null
  created_by: string
  created_at: Timestamp
  removed_by: string
  removed_at: Timestamp
}

export interface DutyLogCorrectionsTable {
  enterprise_id: string
  id: Generated<string>
  month_id: string
  content: string
  /** the form's one-time key (one per form shown): the same form sent again is answered with this line */
  form_key: ColumnType<string | null, string | null | undefined, never>
  created_by: string
  created_at: Timestamp
  signed_by: string | null
  signed_name: string | null
  signed_at: Timestamp | null
}

export interface AssessmentsTable {
  enterprise_id: string
  id: Generated<string>
  employee_id: string
  post_id: string
  version_id: string
  period_kind: AssessmentPeriod
  period_key: string
  assessor_kind: 'post' | 'board' | 'self'
  assessor_user_id: string
  assessor_name: string
  assessor_post: string
  total_score: number
  result: AssessmentResult
  comment: string
  follow_up: string | null
  created_at: Timestamp
  seen_by: string | null
  seen_at: Timestamp | null
}

export interface AssessmentScoresTable {
  enterprise_id: string
  id: Generated<string>
  assessment_id: string
  position: number
  item_text: string
  criterion: string
  weight: number
  score: number
}

export interface Database {
  assessment_settings: AssessmentSettingsTable
  duty_log_months: DutyLogMonthsTable
  duty_log_entries: DutyLogEntriesTable
  duty_log_removed_entries: DutyLogRemovedEntriesTable
  duty_log_corrections: DutyLogCorrectionsTable
  assessments: AssessmentsTable
  assessment_scores: AssessmentScoresTable
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
  enterprise_flag_state: EnterpriseFlagStateTable
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
  hazard_stat_reports: HazardStatReportsTable
  check_plans: CheckPlansTable
  check_plan_items: CheckPlanItemsTable
  checks: ChecksTable
  check_results: CheckResultsTable
  check_drafts: CheckDraftsTable
  leader_ledger_leaders: LeaderLedgerLeadersTable
  leader_ledger_sheets: LeaderLedgerSheetsTable
  leader_ledger_entries: LeaderLedgerEntriesTable
  leader_ledger_withdrawals: LeaderLedgerWithdrawalsTable
  leader_ledger_signatures: LeaderLedgerSignaturesTable
  leader_ledger_files: LeaderLedgerFilesTable
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

/** The dashboard's red-flag inputs per enterprise, kept by triggers (migration 20261206020000); read only. */
export interface EnterpriseFlagStateTable {
  enterprise_id: string
  region_code: string
  industry_code: string
  created_at: Timestamp
  report_id: string | null
  published_at: Timestamp | null
  workers: number | null
  confirmations: boolean
  certificates: boolean
  drills: boolean
  items: boolean
  /** the earliest due date of the orders still waiting on the enterprise */
  orders_due_min: DateOnly | null
  /** the 隐患统计分析表 periods signed before the end of their due day */
  stats_on_time: string[]
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
  /** answers only: each item's hazard record as it was closed (written once, as JSON text) */
  hazards: ColumnType<OrderAnswerHazard[], string | undefined, never>
}

/** An order item's hazard as its answer carries it: the closed loop the department's 复查 reads. */
export interface OrderAnswerHazard {
  itemNo: number
  hazardId: string
  no: number
  grade: 'general' | 'major' | null
  measures: string | null
  responsible: string | null
  /** 一般: 整改完成; 重大: 评估并申请恢复生产 */
  rectified: { by: string; at: string; note: string } | null
  /** 一般: 验收合格 by the enterprise; 重大: 核销 by the department */
  closed: { step: 'verify_pass' | 'write_off'; by: string; at: string; note: string } | null
  photos: { id: string; name: string }[]
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
  /** the rectification order item it came from (source 监管部门检查) */
  order_id: ColumnType<string | null, string | null | undefined, never>
  order_item_no: ColumnType<number | null, number | null | undefined, never>
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

/** One grade's row of the 隐患排查治理统计分析表 (definitions: app/modules/hazard-stats/rules.ts). */
export interface HazardStatsRow {
  found: number
  rectified: number
  /** rectified / found in per cent, one decimal; null when nothing was found */
  rate: number | null
  closedInPeriod: number
  openAtEnd: number
  overdueAtEnd: number
}

/** The figures frozen into a 隐患排查治理统计分析表 when it is generated (16号令 §14). */
export interface HazardStatsSnapshot {
  period: string
  label: string
  start: string
  end: string
  dueOn: string
  general: HazardStatsRow
  major: HazardStatsRow
  total: HazardStatsRow
  /** found in the period and still 待定级 at its end */
  ungraded: number
  bySource: { self: number; check: number; worker: number; regulator: number }
  majorStatus: { supervised: number; governing: number; awaitingWriteOff: number; writtenOff: number }
  /** 治理资金 in yuan: committed when graded in the period; of hazards closed in the period */
  funds: { committed: number; completed: number }
}

export interface HazardStatReportsTable {
  enterprise_id: string
  id: Generated<string>
  period: string
  period_start: DateOnly
  period_end: DateOnly
  due_on: DateOnly
  snapshot: ColumnType<HazardStatsSnapshot, string, never>
  created_by: string
  created_by_name: string
  created_at: ColumnType<Date, Date | string, never>
  signed_by: string | null
  signed_by_name: string | null
  signed_post: string | null
  signed_at: Timestamp | null
}

// 隐患排查 (issue 15): plans derived from the register's 管控措施, and the signed checks against them
export type CheckKindCode = 'daily' | 'comprehensive' | 'special' | 'seasonal' | 'holiday'
export type CheckFrequencyCode = 'shift' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly'

export interface CheckPlansTable {
  enterprise_id: string
  id: Generated<string>
  name: string
  kind: CheckKindCode
  frequency: CheckFrequencyCode
  shifts: ColumnType<number, number | undefined, number>
  post_id: string
  start_on: DateOnly
  end_on: DateOnly | null
  created_at: ColumnType<Date, Date, never>
  updated_at: ColumnType<Date, Date, Date>
}

export interface CheckPlanItemsTable {
  enterprise_id: string
  plan_id: string
  risk_id: string
  measure_kind: string
}

export interface ChecksTable {
  enterprise_id: string
  id: Generated<string>
  plan_id: string
  period_key: string
  period_start: DateOnly
  period_end: DateOnly
  post_id: string
  checker_employee_id: string
  /** the trigger signs: it overwrites these from app.user_id */
  checker_user_id: ColumnType<string, string | undefined, never>
  checker_name: ColumnType<string, string | undefined, never>
  signature_kind: 'drawn' | 'typed'
  signature: string
  items_total: number
  hazards_found: number
  submitted_at: ColumnType<Date, Date, never>
}

/** A checker's unsigned check: editable by them only (trigger), dropped when the check is signed. */
export interface CheckDraftsTable {
  enterprise_id: string
  id: Generated<string>
  plan_id: string
  period_key: string
  /** set by the trigger from app.user_id */
  checker_user_id: ColumnType<string, string | undefined, never>
  answers: ColumnType<CheckDraftAnswer[], string, string>
  created_at: ColumnType<Date, Date, never>
  updated_at: Date
}

export interface CheckDraftAnswer {
  /** the item answered, as the plan's list had it when saved: its risk, measure kind and content */
  item?: string
  result: 'ok' | 'hazard'
  note: string
  photos: { id: string; name: string }[]
}

export interface CheckResultsTable {
  enterprise_id: string
  check_id: string
  seq: number
  risk_id: string
  risk_point_name: string
  hazard_source: string
  risk_level: RiskLevelCode
  measure_kind: string
  content: string
  result: 'ok' | 'hazard'
  note: ColumnType<string, string | undefined, never>
  hazard_id: string | null
}

// 安全生产党政同责一岗双责台账 (seed 001, 市安办发〔2017〕14号): app/modules/leaderledger

export type LeaderPosition = 'principal' | 'member'

/** a department leader (主要领导 / 班子成员) and their recorder (记录人员, 一人一本) */
export interface LeaderLedgerLeadersTable {
  id: Generated<string>
  user_id: string
  department_id: string
  position: LeaderPosition
  /** 领导职务 */
  title: string
  /** 分管行业领域（部门）, only for 分管 leaders */
  charge_areas: Generated<string[]>
  recorder_user_id: string
  created_at: CreatedAt
}

/** one 履职统计表 per leader and month, with the cover as it stood when the month was opened */
export interface LeaderLedgerSheetsTable {
  id: Generated<string>
  leader_id: string
  year: number
  month: number
  leader_name: string
  leader_title: string
  charge_areas: string[]
  department_name: string
  recorder_name: string
  created_by: string
  created_at: CreatedAt
  /** the first signature: 报送同级安委办 */
  submitted_at: Timestamp | null
}

export type LeaderEntrySource =
  | 'inspection'
  | 'order_issued'
  | 'order_reviewed'
  | 'hazard_supervise'
  | 'hazard_write_off'
  | 'meeting'
  | 'research'
  | 'site_visit'
  | 'other'
  | 'correction'

export interface LeaderLedgerEntriesTable {
  id: Generated<string>
  sheet_id: string
  seq: number
  occurred_on: DateOnly
  /** 工作内容: 地点 + 内容 */
  work: string
  /** 参加人员 */
  participants: Generated<string>
  /** 备注 */
  remark: Generated<string>
  source_kind: LeaderEntrySource
  source_id: string | null
  /** 更正: the entry corrected (none for a 补记) */
  correction_of: string | null
  /** the form's one-time key (one per form shown): the same form sent again is answered with this line */
  form_key: ColumnType<string | null, string | null | undefined, never>
  created_by: string
  created_by_name: string
  created_at: CreatedAt
}

export interface LeaderLedgerWithdrawalsTable {
  entry_id: string
  sheet_id: string
  withdrawn_by: string
  withdrawn_at: CreatedAt
}

export interface LeaderLedgerSignaturesTable {
  id: Generated<string>
  sheet_id: string
  seq: number
  signed_by: string
  signer_name: string
  signed_at: ColumnType<Date, Date | string, never>
  last_entry_seq: number
  entry_count: number
  content_hash: string
}

export interface LeaderLedgerFilesTable {
  id: Generated<string>
  sheet_id: string
  entry_id: string
  file_name: string
  media_type: string
  size: number
  sha256: string
  storage_key: string
  uploaded_by: string
  uploaded_at: ColumnType<Date, Date | string, never>
}
