package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra/signin"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/validators"
)

var _ function.Function = (*adminConsentURLFunction)(nil)

// NewAdminConsentURLFunction is provider::unifiedto::admin_consent_url:
// the link a customer's administrator opens to consent, for their whole
// tenant, to the permissions the application requests.
//
// It builds Entra ID's tenant-wide admin consent URL,
// {authority}/{tenant}/adminconsent?client_id=…, which consents to every
// permission the app registration lists (requiredResourceAccess), for all
// its APIs at once: Microsoft Graph and Dynamics CRM in one prompt. The
// v2.0 endpoint (/v2.0/adminconsent) would need the scopes spelled out and
// a redirect URI; docs/design/graph-signin.md, "Admin consent", says why
// this one fits.
//
// Provider functions see no provider configuration, so the cloud is an
// optional third argument rather than the provider's environment.
func NewAdminConsentURLFunction() function.Function { return &adminConsentURLFunction{} }

type adminConsentURLFunction struct{}

func (f *adminConsentURLFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "admin_consent_url"
}

func (f *adminConsentURLFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The URL a customer's administrator opens to consent for their whole tenant",
		MarkdownDescription: "Returns Microsoft Entra ID's tenant-wide admin consent URL for an application, e.g. " +
			"`https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=…`, without any API call. " +
			"An administrator of the customer's tenant who opens it sees the application's consent screen (its name, publisher, " +
			"links and logo, and every permission it requests) and consents once for all users of that tenant. " +
			"Consent is given in the customer's tenant, by their administrator: no API call from your tenant can give it.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "client_id", MarkdownDescription: "The application's client id (`unifiedto_entra_application.….client_id`), not its object id."},
			function.StringParameter{Name: "tenant", MarkdownDescription: "The customer's tenant: its id (a GUID), one of its verified domains (`contoso.onmicrosoft.com`), or `organizations` to let whoever signs in choose their own."},
		},
		VariadicParameter: function.StringParameter{
			Name: "environment",
			MarkdownDescription: "Optional: the Microsoft cloud of the customer's tenant, `public` (default), `usgovernment`, `usgovernmentl5` or `china`. " +
				"Functions do not see the provider's configuration, so the provider's `environment` does not apply here.",
		},
		Return: function.StringReturn{},
	}
}

func (f *adminConsentURLFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var clientID, tenant string
	var environment []string
	resp.Error = req.Arguments.Get(ctx, &clientID, &tenant, &environment)
	if resp.Error != nil {
		return
	}
	if !validators.IsGUID(clientID) {
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("client_id: %q is not a client id; use the application's client id (a GUID, the portal's \"Application (client) ID\").", clientID))
		return
	}
	if err := checkConsentTenant(tenant); err != nil {
		resp.Error = function.NewArgumentFuncError(1, "tenant: "+err.Error())
		return
	}
	if len(environment) > 1 {
		resp.Error = function.NewArgumentFuncError(2, fmt.Sprintf("environment: give at most one cloud, not %d.", len(environment)))
		return
	}
	name := ""
	if len(environment) == 1 {
		name = environment[0]
	}
	cloud, err := signin.ResolveCloud(name, "", "")
	if err != nil || name != "" && strings.TrimSpace(name) == "" {
		resp.Error = function.NewArgumentFuncError(2, fmt.Sprintf("environment: %q is not a Microsoft cloud; use one of %s.", name, strings.Join(signin.CloudNames, ", ")))
		return
	}
	resp.Error = resp.Result.Set(ctx, adminConsentURL(cloud.AuthorityHost, clientID, tenant))
}

func adminConsentURL(authority, clientID, tenant string) string {
	return authority + "/" + url.PathEscape(tenant) + "/adminconsent?" + url.Values{"client_id": {clientID}}.Encode()
}

// checkConsentTenant accepts what the consent endpoint takes: a tenant id,
// a domain, or organizations / common. consumers (personal Microsoft
// accounts) has no administrator to consent.
func checkConsentTenant(tenant string) error {
	switch strings.ToLower(tenant) {
	case "organizations", "common":
		return nil
	case "consumers":
		return fmt.Errorf("%q has no administrator: personal Microsoft accounts consent one by one; use the customer's tenant id or domain, or organizations", tenant)
	}
	if validators.IsGUID(tenant) {
		return nil
	}
	labels := strings.Split(tenant, ".")
	ok := len(labels) >= 2
	for _, l := range labels {
		ok = ok && l != "" && strings.IndexFunc(l, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
		}) < 0
	}
	if !ok {
		return fmt.Errorf("%q is not a tenant; use the customer's tenant id (a GUID), one of its verified domains such as contoso.onmicrosoft.com, or organizations", tenant)
	}
	return nil
}
