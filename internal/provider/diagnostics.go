package provider

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// graphErrorDetail says why a Graph call failed and what to do about it.
// Graph's own message is kept: it is what a search for the problem needs.
func graphErrorDetail(err error) string {
	detail := err.Error()
	switch {
	case errors.Is(err, entra.ErrForbidden):
		detail += "\n\nThe identity the provider signs in with lacks a Microsoft Graph permission. Creating and changing app registrations " +
			"needs the application permission Application.ReadWrite.OwnedBy (for applications it owns) or Application.ReadWrite.All, with admin consent; " +
			"looking up APIs' service principals needs Application.Read.All."
	case errors.Is(err, entra.ErrAuth):
		detail += "\n\nMicrosoft Graph did not accept the provider's token. Check tenant_id and that the signing-in identity belongs to that tenant."
	case errors.Is(err, entra.ErrThrottled):
		detail += "\n\nMicrosoft Graph kept throttling the requests beyond the operation's timeout. Retry later, or lower -parallelism."
	}
	return detail
}

// addGraphError adds an error diagnostic in the provider's one voice:
// summary names the operation and object, detail says why.
func addGraphError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, graphErrorDetail(err))
}

// configureClients is the checked type assertion every resource and data
// source makes in Configure.
func configureClients(data any, diags *diag.Diagnostics) *clients {
	if data == nil {
		return nil // Terraform validates before configuring the provider.
	}
	c, ok := data.(*clients)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *provider.clients, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return c
}
