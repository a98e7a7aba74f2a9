package unifiedapi

import "slices"

// Integration is the read side of an integration as the emulator answers
// it: no credentials, ever. IsActive is filled per answer: "active in this
// workspace". The dates are strings because the catalogue holds date-only
// values beside full timestamps.
type Integration struct {
	Type        string                        `json:"type"`
	Name        string                        `json:"name"`
	Categories  []string                      `json:"categories"`
	IsActive    bool                          `json:"is_active"`
	Beta        bool                          `json:"beta,omitempty"`
	LogoURL     string                        `json:"logo_url,omitempty"`
	WebURL      string                        `json:"web_url,omitempty"`
	APIDocsURL  string                        `json:"api_docs_url,omitempty"`
	Description string                        `json:"description,omitempty"`
	Support     map[string]IntegrationSupport `json:"support,omitempty"`
	CreatedAt   string                        `json:"created_at"`
	UpdatedAt   string                        `json:"updated_at"`
}

// IntegrationSupport is what the catalogue's `support` maps a feature to:
// an object of how each capability is supported, not a string.
type IntegrationSupport struct {
	Methods        map[string]string `json:"methods,omitempty"`
	ListLimit      string            `json:"list_limit,omitempty"`
	ListOffset     string            `json:"list_offset,omitempty"`
	NativeWebhook  string            `json:"native_webhook,omitempty"`
	VirtualWebhook string            `json:"virtual_webhook,omitempty"`
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

// seedCatalog returns every integration type that signs in through Entra
// (docs/design/unified-regions-and-catalogue.md), and a handful of others so that filters have something
// to filter. One is beta, and one has date-only dates, as some published
// entries do.
func seedCatalog() []catalogEntry {
	const created, updated = "2022-03-01T00:00:00.000Z", "2025-06-01T08:30:00.000Z"
	support := func(object string) map[string]IntegrationSupport {
		return map[string]IntegrationSupport{object: {
			Methods:   map[string]string{"list": "supported-required", "get": "supported", "create": "supported", "update": "supported"},
			ListLimit: "supported", ListOffset: "supported", NativeWebhook: "not-supported", VirtualWebhook: "supported",
		}}
	}
	ms := func(typ, name, docs string, scopes []string, cats ...string) catalogEntry {
		return catalogEntry{
			Integration: Integration{
				Type: typ, Name: name, Categories: cats,
				LogoURL: "https://unified.to/images/integrations/" + typ + ".png", WebURL: "https://www.microsoft.com",
				APIDocsURL: docs, Support: support(cats[0] + "_contact"),
				Description: name + " through a Microsoft Entra ID app registration", CreatedAt: created, UpdatedAt: updated,
			},
			authorizeURL: microsoftAuthorize, scopes: scopes, microsoft: true,
		}
	}
	other := func(typ, name, authorize string, cats ...string) catalogEntry {
		return catalogEntry{
			Integration: Integration{
				Type: typ, Name: name, Categories: cats,
				LogoURL: "https://unified.to/images/integrations/" + typ + ".png",
				Support: support(cats[0] + "_contact"), CreatedAt: created, UpdatedAt: updated,
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
		other("hubspot", "HubSpot", "https://app.hubspot.com/oauth/authorize", "crm", "martech", "ticketing"),
		other("salesforce", "Salesforce", "https://login.salesforce.com/services/oauth2/authorize", "crm", "ticketing"),
		other("pipedrive", "Pipedrive", "https://oauth.pipedrive.com/oauth/authorize", "crm"),
		other("zohocrm", "Zoho CRM", "https://accounts.zoho.com/oauth/v2/auth", "crm"),
		other("mailchimp", "Mailchimp", "https://login.mailchimp.com/oauth2/authorize", "martech"),
		other("bamboohr", "BambooHR", "https://api.bamboohr.com/authorize.php", "hris"),
		other("googledrive", "Google Drive", "https://accounts.google.com/o/oauth2/v2/auth", "storage"),
		other("dropbox", "Dropbox", "https://www.dropbox.com/oauth2/authorize", "storage"),
		other("box", "Box", "https://account.box.com/api/oauth2/authorize", "storage"),
		other("slack", "Slack", "https://slack.com/oauth/v2/authorize", "messaging"),
		other("zendesk", "Zendesk", "https://{subdomain}.zendesk.com/oauth/authorizations/new", "ticketing"),
		other("quickbooks", "QuickBooks Online", "https://appcenter.intuit.com/connect/oauth2", "accounting"),
	}
	entries[len(entries)-1].Beta = true
	zoho := slices.IndexFunc(entries, func(e catalogEntry) bool { return e.Type == "zohocrm" })
	entries[zoho].CreatedAt, entries[zoho].UpdatedAt = "2023-05-01", "2024-01-15"
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
