package unified

import (
	"strings"
	"testing"
)

func TestRegionTable(t *testing.T) {
	cases := []struct {
		in                       string
		region                   Region
		api, dashboard, redirect string
	}{
		{"us", RegionUS, "https://api.unified.to", "https://app.unified.to", "https://api.unified.to/oauth/code"},
		{"eu", RegionEU, "https://api-eu.unified.to", "https://app-eu.unified.to", "https://api-eu.unified.to/oauth/code"},
		{" AU ", RegionAU, "https://api-au.unified.to", "https://app-au.unified.to", "https://api-au.unified.to/oauth/code"},
	}
	for _, c := range cases {
		r, err := ParseRegion(c.in)
		if err != nil || r != c.region {
			t.Fatalf("ParseRegion(%q) = %q, %v", c.in, r, err)
		}
		if r.APIURL() != c.api || r.DashboardURL() != c.dashboard || RedirectURI(r.APIURL()) != c.redirect || !r.Valid() {
			t.Errorf("%s: %s %s %s", r, r.APIURL(), r.DashboardURL(), RedirectURI(r.APIURL()))
		}
	}
	if len(Regions()) != len(cases) {
		t.Errorf("Regions() = %v, want the %d of the table", Regions(), len(cases))
	}
}

func TestParseRegionErrorListsAllowedValues(t *testing.T) {
	for _, in := range []string{"", "useast", "eu-west"} {
		_, err := ParseRegion(in)
		if err == nil {
			t.Fatalf("ParseRegion(%q) succeeded", in)
		}
		mustContain(t, err.Error(), `"us", "eu", "au"`)
	}
	if r := Region("mars"); r.APIURL() != "" || r.DashboardURL() != "" || r.Valid() {
		t.Error("an unknown region must have no URLs")
	}
}

func TestRedirectURIOfCustomDomains(t *testing.T) {
	for in, want := range map[string]string{
		"https://unified.acme.example":        "https://unified.acme.example/oauth/code",
		"https://unified.acme.example/":       "https://unified.acme.example/oauth/code",
		"https://proxy.acme.example/unified/": "https://proxy.acme.example/unified/oauth/code",
	} {
		if got := RedirectURI(in); got != want {
			t.Errorf("RedirectURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewValidatesConfig(t *testing.T) {
	ok := Config{Token: "t", WorkspaceID: "w"}
	cases := []struct {
		name    string
		mod     func(*Config)
		wantURL string
		wantErr string
	}{
		{"defaults to us", func(*Config) {}, "https://api.unified.to", ""},
		{"region picks the host", func(c *Config) { c.Region = "EU" }, "https://api-eu.unified.to", ""},
		{"custom domain wins", func(c *Config) { c.Region, c.APIURL = "au", "https://unified.acme.example/" }, "https://unified.acme.example", ""},
		{"http on loopback", func(c *Config) { c.APIURL = "http://127.0.0.1:8080" }, "http://127.0.0.1:8080", ""},
		{"bad region", func(c *Config) { c.Region = "mars" }, "", `allowed values are "us", "eu", "au"`},
		{"http elsewhere", func(c *Config) { c.APIURL = "http://unified.acme.example" }, "", "must use https"},
		{"not absolute", func(c *Config) { c.APIURL = "api.unified.to" }, "", "absolute https URL"},
		{"credentials in URL", func(c *Config) { c.APIURL = "https://u:p@api.unified.to" }, "", "must not carry credentials"},
		{"no token", func(c *Config) { c.Token = "  " }, "", "token is empty"},
		{"bare scheme is no token", func(c *Config) { c.Token = "Bearer " }, "", "token is empty"},
		{"no workspace", func(c *Config) { c.WorkspaceID = "" }, "", "workspace id is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := ok
			c.mod(&cfg)
			client, err := New(cfg)
			switch {
			case c.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("New = %v, want an error containing %q", err, c.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case client.APIURL() != c.wantURL:
				t.Errorf("APIURL = %q, want %q", client.APIURL(), c.wantURL)
			}
		})
	}
}

func TestClientRedirectURIFollowsItsAPIURL(t *testing.T) {
	c, err := New(Config{Region: "eu", Token: "Bearer t", WorkspaceID: "w"})
	if err != nil {
		t.Fatal(err)
	}
	if c.RedirectURI() != "https://api-eu.unified.to/oauth/code" || c.Region() != RegionEU || c.token != "t" {
		t.Errorf("RedirectURI %q, Region %q, token %q", c.RedirectURI(), c.Region(), c.token)
	}
}
