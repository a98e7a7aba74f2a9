package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCheckRedirectURI(t *testing.T) {
	long := "https://example.com/" + strings.Repeat("a", MaxRedirectURILength-len("https://example.com/"))
	cases := map[string]struct {
		uri  string
		want string // "" for accepted, else a fragment of the error
	}{
		"unified us":                {uri: "https://api.unified.to/oauth/code"},
		"custom domain with port":   {uri: "https://unified.acme.example:8443/oauth/code"},
		"query kept":                {uri: "https://acme.example/cb?tenant=1"},
		"localhost http":            {uri: "http://localhost:3000/callback"},
		"LOCALHOST http":            {uri: "http://LOCALHOST/callback"},
		"loopback v4 anywhere in 8": {uri: "http://127.0.0.53:8080/cb"},
		"loopback v6":               {uri: "http://[::1]:8080/cb"},
		"exactly 256":               {uri: long},
		"257 characters":            {uri: long + "b", want: "257 characters long; Entra ID accepts at most 256"},
		"http elsewhere":            {uri: "http://acme.example/cb", want: "accepts http only for http://localhost and loopback"},
		"http on a private address": {uri: "http://10.0.0.1/cb", want: "accepts http only"},
		"custom scheme":             {uri: "msal1234://auth", want: `scheme "msal1234"`},
		"relative":                  {uri: "/oauth/code", want: "not an absolute URL"},
		"no host":                   {uri: "https:///oauth/code", want: "not an absolute URL"},
		"opaque":                    {uri: "https:acme.example", want: "not an absolute URL"},
		"bang":                      {uri: "https://acme.example/a!b", want: `contains '!'`},
		"dollar":                    {uri: "https://acme.example/$x", want: `contains '$'`},
		"quote":                     {uri: "https://acme.example/it's", want: `contains '\''`},
		"parens":                    {uri: "https://acme.example/(x)", want: `contains '('`},
		"comma":                     {uri: "https://a.example/cb,https://b.example/cb", want: `contains ','`},
		"semicolon":                 {uri: "https://acme.example/cb;x", want: `contains ';'`},
		"fragment":                  {uri: "https://acme.example/cb#top", want: "contains a fragment (#)"},
		"wildcard":                  {uri: "https://*.acme.example/cb", want: "contains a wildcard (*)"},
		"leading space":             {uri: " https://acme.example/cb", want: "starts or ends with whitespace"},
		"trailing space":            {uri: "https://acme.example/cb ", want: "starts or ends with whitespace"},
		"loopback v6 without port":  {uri: "http://[::1]/cb"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := CheckRedirectURI(tc.uri)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case tc.want != "" && err == nil:
				t.Fatalf("accepted, want an error containing %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestNormalizeRedirectURI(t *testing.T) {
	same := [][]string{
		{"https://api.unified.to/oauth/code", "HTTPS://API.Unified.to/oauth/code", "https://api.unified.to:443/oauth/code", "https://api.unified.to/oauth/code/"},
		{"http://localhost/cb", "http://localhost:80/cb/", "HTTP://LocalHost/cb"},
		{"http://[::1]:80/cb", "http://[::1]/cb"},
		{"https://acme.example", "https://acme.example/"},
	}
	for _, group := range same {
		for _, uri := range group[1:] {
			if got, want := NormalizeRedirectURI(uri), NormalizeRedirectURI(group[0]); got != want {
				t.Errorf("NormalizeRedirectURI(%q) = %q, want %q like %q", uri, got, want, group[0])
			}
		}
	}
	different := [][2]string{
		{"https://acme.example/OAuth/code", "https://acme.example/oauth/code"}, // paths are case-sensitive
		{"https://acme.example:8443/cb", "https://acme.example/cb"},
		{"http://localhost:443/cb", "http://localhost/cb"}, // 443 is not http's default
		{"https://acme.example/cb?a=1", "https://acme.example/cb?a=2"},
		{"http://localhost/cb", "https://localhost/cb"},
	}
	for _, pair := range different {
		if NormalizeRedirectURI(pair[0]) == NormalizeRedirectURI(pair[1]) {
			t.Errorf("%q and %q normalise to the same %q", pair[0], pair[1], NormalizeRedirectURI(pair[0]))
		}
	}
	if got := NormalizeRedirectURI("::not a url"); got != "::not a url" {
		t.Errorf("an unparsable URI changed to %q", got)
	}
}

func TestRedirectURIValidator(t *testing.T) {
	p := path.Root("redirect_uris").AtSetValue(types.StringValue("http://acme.example/cb"))
	resp := &validator.StringResponse{}
	RedirectURI().ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: types.StringValue("http://acme.example/cb")}, resp)
	if !resp.Diagnostics.HasError() {
		t.Fatal("no error for an http URI")
	}
	d := resp.Diagnostics[0]
	if d.Summary() != "Invalid redirect URI" || !strings.HasPrefix(d.Detail(), `redirect_uris: "http://acme.example/cb" uses http`) {
		t.Errorf("diagnostic %q / %q does not name the attribute and value first", d.Summary(), d.Detail())
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown(), types.StringValue("https://acme.example/cb")} {
		resp := &validator.StringResponse{}
		RedirectURI().ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: v}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%s: unexpected %v", v, resp.Diagnostics)
		}
	}
}

func TestGUID(t *testing.T) {
	for s, want := range map[string]bool{
		"00000003-0000-0000-c000-000000000000":   true,
		"38C77D00-5FCB-4CCE-9D93-AF4738258E3C":   true,
		"38c77d00-5fcb-4cce-9d93-af4738258e3":    false,
		"{38c77d00-5fcb-4cce-9d93-af4738258e3c}": false,
		"microsoft_graph":                        false,
	} {
		if IsGUID(s) != want {
			t.Errorf("IsGUID(%q) = %v", s, !want)
		}
		resp := &validator.StringResponse{}
		GUID("object id").ValidateString(context.Background(), validator.StringRequest{Path: path.Root("application_object_id"), ConfigValue: types.StringValue(s)}, resp)
		if resp.Diagnostics.HasError() == want {
			t.Errorf("GUID validator on %q: errors %v", s, resp.Diagnostics)
		}
	}
}

func TestAttributeName(t *testing.T) {
	if got := AttributeName(path.Root("redirect_uris").AtSetValue(types.StringValue("x"))); got != "redirect_uris" {
		t.Errorf("got %q", got)
	}
	if got := AttributeName(path.Root("timeouts").AtName("create")); got != "timeouts.create" {
		t.Errorf("got %q", got)
	}
}

func TestCheckRedirectURIForAudience(t *testing.T) {
	const q = "https://acme.example/cb?tenant=1"
	if err := CheckRedirectURIForAudience(q, "AzureADMultipleOrgs"); err != nil {
		t.Errorf("query on a work or school app refused: %v", err)
	}
	for _, aud := range []string{"AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"} {
		err := CheckRedirectURIForAudience(q, aud)
		if err == nil || !strings.Contains(err.Error(), "has a query string") || !strings.Contains(err.Error(), aud) {
			t.Errorf("%s: %v", aud, err)
		}
		if err := CheckRedirectURIForAudience("http://localhost:3000/cb", aud); err != nil {
			t.Errorf("%s: localhost refused: %v", aud, err)
		}
	}
	if MaxRedirectURIsFor("PersonalMicrosoftAccount") != 100 || MaxRedirectURIsFor("AzureADMyOrg") != 256 {
		t.Error("MaxRedirectURIsFor")
	}
}
