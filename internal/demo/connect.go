package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/unified"
)

// showCustomerConnect is the point of the whole setup: a customer's user
// starts a connection through Unified.to's published authorize endpoint,
// and the URL it answers sends them to Microsoft's sign-in with the client
// id and the redirect URI that Terraform just configured. The demo checks
// both, so a mismatch between the Entra app and the Unified.to integration
// fails here rather than in a customer's browser.
func showCustomerConnect(emu *emulator.Emulator, clientID string) error {
	env := emu.Env(region, "")
	client, err := unified.New(unified.Config{
		APIURL: env["UNIFIED_API_URL"], Region: unified.Region(region),
		Token: env["UNIFIED_API_TOKEN"], WorkspaceID: env["UNIFIED_WORKSPACE_ID"],
		HTTPClient: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: emu.CA.Pool()}}},
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	raw, err := client.AuthorizeURL(ctx, "microsoftdynamicssales", unified.DefaultEnv, unified.AuthorizeOptions{State: "demo"})
	if err != nil {
		return fmt.Errorf("asking Unified.to for the authorize URL: %w", err)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	q := u.Query()
	want := unified.RedirectURI(unified.Region(region).APIURL())
	if q.Get("client_id") != clientID || q.Get("redirect_uri") != want {
		return fmt.Errorf("the authorize URL sends client_id %q and redirect_uri %q; the Entra app is %q with %q", q.Get("client_id"), q.Get("redirect_uri"), clientID, want)
	}
	fmt.Printf("authorize URL      = %s://%s%s (client_id and redirect_uri match the Entra app)\n", u.Scheme, u.Host, u.Path)
	return nil
}
