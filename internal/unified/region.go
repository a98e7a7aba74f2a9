package unified

import (
	"fmt"
	"strings"
)

// Region is a Unified.to data region. A workspace lives in exactly one, and
// each region has its own API host, dashboard and OAuth redirect URI.
type Region string

// The regions Unified.to serves.
const (
	RegionUS Region = "us"
	RegionEU Region = "eu"
	RegionAU Region = "au"
)

// Regions returns every region, in the order documentation lists them.
func Regions() []Region { return []Region{RegionUS, RegionEU, RegionAU} }

// regionHosts maps a region to the host suffix its API and dashboard share:
// us has none (api.unified.to), the others a "-<region>" suffix.
var regionHosts = map[Region]string{RegionUS: "", RegionEU: "-eu", RegionAU: "-au"}

// ParseRegion accepts a region name in any case and with surrounding
// spaces; its error names the allowed values so that it can be shown as is.
func ParseRegion(s string) (Region, error) {
	r := Region(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := regionHosts[r]; ok {
		return r, nil
	}
	return "", fmt.Errorf("unknown Unified.to region %q: allowed values are %s", s, regionList())
}

func regionList() string {
	names := make([]string, 0, len(regionHosts))
	for _, r := range Regions() {
		names = append(names, fmt.Sprintf("%q", string(r)))
	}
	return strings.Join(names, ", ")
}

// Valid reports whether r is one of Regions.
func (r Region) Valid() bool {
	_, ok := regionHosts[r]
	return ok
}

// APIURL returns the region's API base URL, without a trailing slash, or ""
// for an unknown region (so that a mistake shows instead of silently
// pointing at us).
func (r Region) APIURL() string {
	suffix, ok := regionHosts[r]
	if !ok {
		return ""
	}
	return "https://api" + suffix + ".unified.to"
}

// DashboardURL returns the region's dashboard URL, or "" for an unknown
// region.
func (r Region) DashboardURL() string {
	suffix, ok := regionHosts[r]
	if !ok {
		return ""
	}
	return "https://app" + suffix + ".unified.to"
}

// RedirectURI returns the OAuth redirect URI that an Entra app registration
// must list for a workspace reached at apiBaseURL: OAuth flows run on the API
// host, including a customer's own domain in front of it (CNAME).
func RedirectURI(apiBaseURL string) string {
	return strings.TrimRight(apiBaseURL, "/") + "/oauth/code"
}
