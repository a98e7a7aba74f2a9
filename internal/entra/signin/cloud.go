package signin

import (
	"fmt"
	"net/url"
	"strings"
)

// Cloud is a Microsoft cloud: where to sign in and where Microsoft Graph is.
type Cloud struct {
	// Name is the environment: public, usgovernment, usgovernmentl5 or china.
	Name string
	// AuthorityHost is the sign-in host, https://login.microsoftonline.com.
	AuthorityHost string
	// GraphEndpoint is Microsoft Graph without a version, https://graph.microsoft.com.
	GraphEndpoint string
}

// GraphScope is the scope of an app-only Microsoft Graph token.
func (c Cloud) GraphScope() string { return c.GraphEndpoint + "/.default" }

// CloudNames are the values environment accepts, default first.
var CloudNames = []string{"public", "usgovernment", "usgovernmentl5", "china"}

// clouds holds docs/design/graph-signin.md's "Clouds" table. DoD (L5) signs in
// on the US Government authority but has its own Graph.
var clouds = map[string]Cloud{
	"public":         {"public", "https://login.microsoftonline.com", "https://graph.microsoft.com"},
	"usgovernment":   {"usgovernment", "https://login.microsoftonline.us", "https://graph.microsoft.us"},
	"usgovernmentl5": {"usgovernmentl5", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"},
	"china":          {"china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"},
}

// ResolveCloud returns the cloud named by environment (empty means public;
// case does not matter), with its authority host and Graph endpoint replaced
// by the overrides when they are set (private clouds, the local emulator).
// Overrides must be https URLs without a query.
func ResolveCloud(environment, authorityOverride, graphOverride string) (Cloud, error) {
	return resolveCloud(environment, authorityOverride, graphOverride, Config{}.name)
}

// Cloud is ResolveCloud for cfg, whose errors name each setting as the user
// wrote it (see Config.Sources).
func (cfg Config) Cloud() (Cloud, error) {
	return resolveCloud(cfg.Environment, cfg.AuthorityHost, cfg.GraphEndpoint, cfg.name)
}

// Labels of the cloud settings, as errors show them.
const (
	attrEnvironment = "environment (ARM_ENVIRONMENT)"
	attrAuthority   = "authority_host (ARM_AUTHORITY_HOST)"
	attrGraph       = "graph_endpoint (ARM_GRAPH_ENDPOINT)"
)

func resolveCloud(environment, authorityOverride, graphOverride string, name func(string) string) (Cloud, error) {
	cloudName := strings.ToLower(strings.TrimSpace(environment))
	if cloudName == "" {
		cloudName = "public"
	}
	c, ok := clouds[cloudName]
	if !ok {
		return Cloud{}, fmt.Errorf("%s %q is not a Microsoft cloud this provider knows; use one of %s", name(attrEnvironment), environment, strings.Join(CloudNames, ", "))
	}
	if authorityOverride != "" {
		host, err := httpsURL(authorityOverride, name(attrAuthority))
		if err != nil {
			return Cloud{}, err
		}
		c.AuthorityHost = host
	}
	if graphOverride != "" {
		graph, err := httpsURL(graphOverride, name(attrGraph))
		if err != nil {
			return Cloud{}, err
		}
		if v := graph[strings.LastIndex(graph, "/")+1:]; v == "v1.0" || v == "beta" {
			return Cloud{}, fmt.Errorf("%s %q must not include the API version (the provider adds /v1.0 itself): use %q", name(attrGraph), graphOverride, strings.TrimSuffix(graph, "/"+v))
		}
		c.GraphEndpoint = graph
	}
	return c, nil
}

// httpsURL checks an endpoint and returns it without a trailing slash.
// azidentity and MSAL refuse an authority that is not https, and a bearer
// token must never travel in clear text either.
func httpsURL(raw, attr string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%s %q must be an https URL such as https://login.example.com, without query or credentials", attr, raw)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// knownAuthority reports whether host is one of the clouds' own authority
// hosts. MSAL trusts those; any other host makes it ask
// login.microsoftonline.com for instance discovery first, which a private
// cloud or the offline emulator must skip.
func knownAuthority(host string) bool {
	for _, c := range clouds {
		if strings.EqualFold(c.AuthorityHost, host) {
			return true
		}
	}
	return false
}
