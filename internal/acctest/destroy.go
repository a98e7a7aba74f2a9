package acctest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

// The checks below are for a TestCase's CheckDestroy. terraform-plugin-testing
// calls it after the final destroy with the state as it was just before, so
// each check walks the resources of its type in that state and asks Graph or
// Unified.to (never the state, never the emulator's store) whether what the
// resource made is gone. They read through Harness.Graph and
// Harness.Unified, so they work against a real tenant too, where a leftover
// costs money and quota.

// CheckApplicationsDestroyed requires every unifiedto_entra_application in
// the state to be gone from Graph.
func (h *Harness) CheckApplicationsDestroyed(t *testing.T) resource.TestCheckFunc {
	return h.eachDestroyed(t, "unifiedto_entra_application", func(ctx context.Context, g *entra.Client, attrs map[string]string) error {
		_, err := g.GetApplication(ctx, attrs["id"])
		switch {
		case entra.IsNotFound(err):
			return nil
		case err != nil:
			return err
		}
		return fmt.Errorf("application %s still exists in Graph", attrs["id"])
	})
}

// CheckRedirectURIsDestroyed requires, for every
// unifiedto_entra_redirect_uris in the state, that its application is gone
// or that none of the URIs the resource wrote is left in web.redirectUris.
func (h *Harness) CheckRedirectURIsDestroyed(t *testing.T) resource.TestCheckFunc {
	return h.eachDestroyed(t, "unifiedto_entra_redirect_uris", func(ctx context.Context, g *entra.Client, attrs map[string]string) error {
		app, err := existingApplication(ctx, g, attrs["application_object_id"])
		if app == nil || err != nil {
			return err
		}
		var left []string
		for _, uri := range listAttr(attrs, "all_redirect_uris") {
			if slices.Contains(app.Web.RedirectURIs, uri) {
				left = append(left, uri)
			}
		}
		if len(left) > 0 {
			return fmt.Errorf("application %s still accepts the redirect URIs %q", app.ObjectID, left)
		}
		return nil
	})
}

// CheckAPIAccessDestroyed requires, for every unifiedto_entra_api_access in
// the state, that its application is gone or holds no requiredResourceAccess
// entry for the resource's API.
func (h *Harness) CheckAPIAccessDestroyed(t *testing.T) resource.TestCheckFunc {
	return h.eachDestroyed(t, "unifiedto_entra_api_access", func(ctx context.Context, g *entra.Client, attrs map[string]string) error {
		app, err := existingApplication(ctx, g, attrs["application_object_id"])
		if app == nil || err != nil {
			return err
		}
		api := attrs["api_client_id"]
		if api == "" {
			return fmt.Errorf("api_client_id is empty in the state of %s", attrs["id"])
		}
		for _, rra := range app.RequiredResourceAccess {
			if strings.EqualFold(rra.ResourceAppID, api) {
				return fmt.Errorf("application %s still requires %d permission(s) of the API %s", app.ObjectID, len(rra.Access), api)
			}
		}
		return nil
	})
}

// CheckClientSecretsDestroyed requires the key id of every
// unifiedto_entra_client_secret in the state to be gone from its
// application (or the application to be gone).
func (h *Harness) CheckClientSecretsDestroyed(t *testing.T) resource.TestCheckFunc {
	return h.eachDestroyed(t, "unifiedto_entra_client_secret", func(ctx context.Context, g *entra.Client, attrs map[string]string) error {
		app, err := existingApplication(ctx, g, attrs["application_object_id"])
		if app == nil || err != nil {
			return err
		}
		keyID := attrs["key_id"]
		if keyID == "" {
			return fmt.Errorf("key_id is empty in the state of %s", attrs["id"])
		}
		for _, pc := range app.PasswordCredentials {
			if strings.EqualFold(pc.KeyID, keyID) {
				return fmt.Errorf("application %s still holds the secret %s", app.ObjectID, keyID)
			}
		}
		return nil
	})
}

// CheckWorkspaceIntegrationsDestroyed requires Unified.to to hold no
// workspace integration with the id of any unifiedto_workspace_integration
// in the state. ReadWorkspaceIntegration falls back to the published list
// when the service refuses the retrieve, so "not found" means gone.
func (h *Harness) CheckWorkspaceIntegrationsDestroyed(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		u := h.Unified(t)
		return eachResource(s, "unifiedto_workspace_integration", func(attrs map[string]string) error {
			wi, err := u.ReadWorkspaceIntegration(context.Background(), attrs["id"], attrs["integration_type"], attrs["environment"])
			switch {
			case unified.IsNotFound(err):
				return nil
			case err != nil:
				return err
			}
			return fmt.Errorf("the workspace integration %s (%s) is still in Unified.to", wi.ID, attrs["integration_type"])
		})
	}
}

// eachDestroyed runs check on every resource of resourceType in the state
// with one fresh Graph client, so no read is answered from a cache filled
// before the destroy.
func (h *Harness) eachDestroyed(t *testing.T, resourceType string, check func(context.Context, *entra.Client, map[string]string) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		g := h.Graph(t)
		return eachResource(s, resourceType, func(attrs map[string]string) error {
			return check(context.Background(), g, attrs)
		})
	}
}

// eachResource runs check on the attributes of every resource of
// resourceType in the root module, and names the resource in its error.
func eachResource(s *terraform.State, resourceType string, check func(attrs map[string]string) error) error {
	if s == nil || s.RootModule() == nil {
		return nil
	}
	for addr, rs := range s.RootModule().Resources {
		if rs.Type != resourceType || rs.Primary == nil {
			continue
		}
		if err := check(rs.Primary.Attributes); err != nil {
			return fmt.Errorf("%s not destroyed: %w", addr, err)
		}
	}
	return nil
}

// existingApplication reads the application objectID; nil without error
// means it is gone, which also removed every slice of it.
func existingApplication(ctx context.Context, g *entra.Client, objectID string) (*entra.Application, error) {
	if objectID == "" {
		return nil, fmt.Errorf("application_object_id is empty in the state")
	}
	app, err := g.GetApplication(ctx, objectID)
	if entra.IsNotFound(err) {
		return nil, nil
	}
	return app, err
}

// listAttr reads a list or set attribute from the flatmap state.
func listAttr(attrs map[string]string, name string) []string {
	var out []string
	for k, v := range attrs {
		if rest, ok := strings.CutPrefix(k, name+"."); ok && rest != "#" && rest != "%" {
			out = append(out, v)
		}
	}
	return out
}
