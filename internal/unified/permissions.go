package unified

import "slices"

// permissions is Unified.to's published list of permission scopes, the
// values of a workspace integration's `permissions` and the keys of its
// scope overrides: the enum PropertyConnectionPermissions of Unified.to's
// generated SDKs (npm @unified-api/typescript-sdk,
// docs/sdk/models/shared/propertyconnectionpermissions.md, and
// src/sdk/models/shared/propertyconnectionpermissions.ts), in its order.
// The SDK calls it an open enum; the provider refuses other names at plan,
// because a typo would otherwise reach the service, and a new scope is
// added here (docs/design/unified-workspace-integration.md).
var permissions = []string{
	"accounting_account_read", "accounting_account_write", "accounting_transaction_read",
	"accounting_transaction_write", "accounting_journal_read", "accounting_journal_write", "accounting_invoice_read",
	"accounting_invoice_write", "accounting_bill_read", "accounting_bill_write", "accounting_creditmemo_read",
	"accounting_creditmemo_write", "accounting_contact_read", "accounting_contact_write", "accounting_expense_read",
	"accounting_expense_write", "accounting_taxrate_read", "accounting_taxrate_write", "accounting_organization_read",
	"accounting_order_read", "accounting_order_write", "accounting_purchaseorder_read",
	"accounting_purchaseorder_write", "accounting_salesorder_read", "accounting_salesorder_write",
	"accounting_report_read", "accounting_report_write", "accounting_trialbalance_read",
	"accounting_trialbalance_write", "accounting_profitloss_read", "accounting_profitloss_write",
	"accounting_balancesheet_read", "accounting_balancesheet_write", "accounting_category_read",
	"accounting_category_write",
	"payment_payment_read", "payment_payment_write",
	"accounting_cashflow_read", "accounting_cashflow_write",
	"payment_payout_read", "payment_refund_read", "payment_link_read", "payment_link_write",
	"payment_subscription_read", "payment_subscription_write",
	"commerce_item_read", "commerce_item_write", "commerce_collection_read", "commerce_collection_write",
	"commerce_inventory_read", "commerce_inventory_write", "commerce_location_read", "commerce_location_write",
	"commerce_review_read", "commerce_review_write", "commerce_saleschannel_read", "commerce_saleschannel_write",
	"verification_package_read", "verification_request_read", "verification_request_write",
	"ats_activity_read", "ats_activity_write", "ats_application_read", "ats_application_write",
	"ats_applicationstatus_read", "ats_candidate_read", "ats_candidate_write", "ats_interview_read",
	"ats_interview_write", "ats_job_read", "ats_job_write", "ats_company_read", "ats_company_write",
	"ats_document_read", "ats_document_write", "ats_scorecard_read", "ats_scorecard_write",
	"crm_company_read", "crm_company_write", "crm_contact_read", "crm_contact_write", "crm_deal_read", "crm_deal_write",
	"crm_event_read", "crm_event_write", "crm_lead_read", "crm_lead_write", "crm_pipeline_read", "crm_pipeline_write",
	"martech_list_read", "martech_list_write", "martech_member_read", "martech_member_write",
	"ticketing_customer_read", "ticketing_customer_write", "ticketing_ticket_read", "ticketing_ticket_write",
	"ticketing_note_read", "ticketing_note_write", "ticketing_category_read", "ticketing_category_write",
	"hris_employee_read", "hris_employee_write", "hris_group_read", "hris_group_write", "hris_payslip_read",
	"hris_payslip_write", "hris_timeoff_read", "hris_timeoff_write", "hris_timeshift_read", "hris_timeshift_write",
	"hris_company_read", "hris_company_write", "hris_location_read", "hris_location_write", "hris_device_read",
	"hris_device_write", "hris_deduction_read", "hris_deduction_write", "hris_benefit_read", "hris_benefit_write",
	"uc_call_read", "uc_contact_read", "uc_contact_write", "uc_comment_read", "uc_comment_write", "uc_recording_read",
	"storage_file_read", "storage_file_write",
	"webhook",
	"genai_model_read", "genai_prompt_read", "genai_prompt_write", "genai_embedding_read", "genai_embedding_write",
	"messaging_message_read", "messaging_message_write", "messaging_channel_read", "messaging_event_read",
	"messaging_event_write",
	"kms_space_read", "kms_space_write", "kms_page_read", "kms_page_write", "kms_comment_read", "kms_comment_write",
	"task_project_read", "task_project_write", "task_task_read", "task_task_write", "task_change_read",
	"task_comment_read", "task_comment_write",
	"scim_users_read", "scim_users_write", "scim_groups_read", "scim_groups_write",
	"lms_course_read", "lms_course_write", "lms_class_read", "lms_class_write", "lms_student_read", "lms_student_write",
	"lms_instructor_read", "lms_instructor_write",
	"repo_organization_read", "repo_organization_write", "repo_repository_read", "repo_repository_write",
	"repo_branch_read", "repo_branch_write", "repo_commit_read", "repo_commit_write", "repo_pullrequest_read",
	"repo_pullrequest_write",
	"metadata_metadata_read", "metadata_metadata_write",
	"calendar_calendar_read", "calendar_calendar_write", "calendar_event_read", "calendar_event_write",
	"calendar_busy_read", "calendar_link_read", "calendar_link_write", "calendar_recording_read",
	"calendar_recording_write",
	"enrich_person_read", "enrich_company_read",
	"ads_ad_read", "ads_ad_write", "ads_campaign_read", "ads_campaign_write", "ads_group_read", "ads_group_write",
	"ads_report_read", "ads_organization_read", "ads_organization_write",
	"forms_form_read", "forms_form_write", "forms_submission_read", "forms_submission_write",
}

// Permissions returns Unified.to's published permission scopes.
func Permissions() []string { return slices.Clone(permissions) }

// IsPermission reports whether name is a published permission scope.
func IsPermission(name string) bool { return slices.Contains(permissions, name) }
