package unifiedapi

import "time"

// Integration is the read side of an integration as the emulator answers
// it: no credentials, ever.
type Integration struct {
	Type        string            `json:"type"`
	Name        string            `json:"name"`
	Categories  []string          `json:"categories"`
	IsActive    bool              `json:"is_active"`
	Beta        bool              `json:"beta,omitempty"`
	LogoURL     string            `json:"logo_url,omitempty"`
	WebURL      string            `json:"web_url,omitempty"`
	APIDocsURL  string            `json:"api_docs_url,omitempty"`
	Description string            `json:"description,omitempty"`
	Support     map[string]string `json:"support,omitempty"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// catalogEntry is an integration of the catalogue with what the emulator
// needs to build its authorize URL.
type catalogEntry struct {
	Integration
	authorizeURL string   // the vendor's OAuth authorize endpoint
	scopes       []string // scopes requested by default
	microsoft    bool     // signs in through an Entra app registration
}

// microsoftAuthorize is the multitenant Entra authorize endpoint that the
// Microsoft integrations send end users to.
const microsoftAuthorize = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"

// seedCatalog returns every integration type of unified-facts.md that signs
// in through Entra, and a handful of others so that filters have something
// to filter. One is inactive and one beta, to exercise active=.
func seedCatalog() []catalogEntry {
	created := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	updated := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	ms := func(typ, name, docs string, scopes []string, cats ...string) catalogEntry {
		return catalogEntry{
			Integration: Integration{
				Type: typ, Name: name, Categories: cats, IsActive: true,
				LogoURL: "https://unified.to/images/integrations/" + typ + ".png", WebURL: "https://www.microsoft.com",
				APIDocsURL: docs, Support: map[string]string{"oauth2": "supported"},
				Description: name + " through a Microsoft Entra ID app registration", CreatedAt: created, UpdatedAt: updated,
			},
			authorizeURL: microsoftAuthorize, scopes: scopes, microsoft: true,
		}
	}
	other := func(typ, name, authorize string, active bool, cats ...string) catalogEntry {
		return catalogEntry{
			Integration: Integration{
				Type: typ, Name: name, Categories: cats, IsActive: active,
				LogoURL: "https://unified.to/images/integrations/" + typ + ".png",
				Support: map[string]string{"oauth2": "supported"}, CreatedAt: created, UpdatedAt: updated,
			},
			authorizeURL: authorize, scopes: []string{"default"},
		}
	}
	// graph returns a fresh slice each time, so that entries never share one.
	graph := func(extra ...string) []string { return append([]string{"openid", "email", "offline_access"}, extra...) }
	entries := []catalogEntry{
		ms("microsoftdynamicssales", "Microsoft Dynamics 365 Sales", "https://learn.microsoft.com/power-apps/developer/data-platform/webapi/overview",
			graph("https://{org}.crm.dynamics.com/user_impersonation"), "crm"),
		ms("microsoftdynamicscustomerinsightsjourneys", "Microsoft Dynamics 365 Customer Insights - Journeys", "https://learn.microsoft.com/dynamics365/customer-insights/journeys/developer/overview",
			graph("https://{org}.crm.dynamics.com/user_impersonation"), "martech"),
		ms("microsoftdynamicsfinanceoperations", "Microsoft Dynamics 365 Finance and Operations", "https://learn.microsoft.com/dynamics365/fin-ops-core/dev-itpro/data-entities/odata",
			graph("https://{org}.operations.dynamics.com/user_impersonation"), "accounting", "commerce"),
		ms("microsoft_ad", "Microsoft Entra ID", "https://learn.microsoft.com/graph/api/overview", graph("User.Read.All", "Group.Read.All"), "hris", "scim"),
		ms("microsoftoutlook", "Microsoft Outlook", "https://learn.microsoft.com/graph/api/resources/mail-api-overview", graph("Mail.Read", "Calendars.ReadWrite"), "messaging", "calendar"),
		ms("microsoftteams", "Microsoft Teams", "https://learn.microsoft.com/graph/api/resources/teams-api-overview", graph("Chat.Read", "ChannelMessage.Read.All"), "messaging"),
		ms("microsoftsharepoint", "Microsoft SharePoint", "https://learn.microsoft.com/graph/api/resources/sharepoint", graph("Sites.Read.All"), "storage"),
		ms("microsoftonedrive", "Microsoft OneDrive", "https://learn.microsoft.com/graph/api/resources/onedrive", graph("Files.ReadWrite.All"), "storage"),
		other("hubspot", "HubSpot", "https://app.hubspot.com/oauth/authorize", true, "crm", "martech", "ticketing"),
		other("salesforce", "Salesforce", "https://login.salesforce.com/services/oauth2/authorize", true, "crm", "ticketing"),
		other("pipedrive", "Pipedrive", "https://oauth.pipedrive.com/oauth/authorize", true, "crm"),
		other("zohocrm", "Zoho CRM", "https://accounts.zoho.com/oauth/v2/auth", false, "crm"),
		other("mailchimp", "Mailchimp", "https://login.mailchimp.com/oauth2/authorize", true, "martech"),
		other("bamboohr", "BambooHR", "https://api.bamboohr.com/authorize.php", true, "hris"),
		other("googledrive", "Google Drive", "https://accounts.google.com/o/oauth2/v2/auth", true, "storage"),
		other("dropbox", "Dropbox", "https://www.dropbox.com/oauth2/authorize", true, "storage"),
		other("box", "Box", "https://account.box.com/api/oauth2/authorize", true, "storage"),
		other("slack", "Slack", "https://slack.com/oauth/v2/authorize", true, "messaging"),
		other("zendesk", "Zendesk", "https://{subdomain}.zendesk.com/oauth/authorizations/new", true, "ticketing"),
		other("quickbooks", "QuickBooks Online", "https://appcenter.intuit.com/connect/oauth2", true, "accounting"),
	}
	entries[len(entries)-1].Beta = true
	return entries
}

// lookup returns the catalogue entry of integrationType.
func (s *Server) lookup(integrationType string) (catalogEntry, bool) {
	for _, e := range s.catalog {
		if e.Type == integrationType {
			return e, true
		}
	}
	return catalogEntry{}, false
}
