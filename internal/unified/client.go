package unified

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults for Config's zero values.
const (
	// DefaultTimeout bounds one HTTP exchange when Config.HTTPClient is nil;
	// the caller's context bounds the whole operation, retries included.
	DefaultTimeout   = 60 * time.Second
	defaultUserAgent = "terraform-provider-unifiedto"
)

// Config configures New.
type Config struct {
	// APIURL is the API base URL: a region's (Region.APIURL), a workspace's
	// own domain, or an emulator. Empty means the region's. It must be
	// https, except on a loopback host (local test servers).
	APIURL string
	// Region is the workspace's region, for the dashboard URL of ManualStep
	// and for APIURL when that is empty. Empty means us.
	Region Region
	// Token is the workspace API token; WorkspaceID the workspace's id
	// (both from the dashboard's Settings > API Keys).
	Token, WorkspaceID string
	// HTTPClient sends the requests; nil means one with DefaultTimeout.
	HTTPClient *http.Client
	// UserAgent names the caller, e.g. "terraform-provider-unifiedto/1.2.3".
	UserAgent string
	// Log, when set, is told of every HTTP exchange. It receives no query,
	// header or body, so it can never see a secret.
	Log func(ctx context.Context, method, path string, status int, elapsed time.Duration)
}

// Client talks to one Unified.to workspace. It is safe for concurrent use.
type Client struct {
	base        *url.URL
	region      Region
	token       string
	workspaceID string
	http        *http.Client
	userAgent   string
	log         func(ctx context.Context, method, path string, status int, elapsed time.Duration)

	// Tests shorten these.
	pageSize   int
	maxElapsed time.Duration // bounds retries when the context has no deadline
	sleep      func(ctx context.Context, d time.Duration) error
	now        func() time.Time
}

// New checks cfg and builds a client. It does no I/O.
func New(cfg Config) (*Client, error) {
	region := RegionUS
	if cfg.Region != "" {
		r, err := ParseRegion(string(cfg.Region))
		if err != nil {
			return nil, err
		}
		region = r
	}
	rawURL := cfg.APIURL
	if rawURL == "" {
		rawURL = region.APIURL()
	}
	base, err := parseBaseURL(rawURL)
	if err != nil {
		return nil, err
	}
	token := strings.TrimSpace(cfg.Token)
	// A token pasted with its scheme would otherwise be sent as "Bearer Bearer …".
	if f := strings.Fields(token); len(f) > 0 && strings.EqualFold(f[0], "bearer") {
		token = strings.TrimSpace(token[len(f[0]):])
	}
	if token == "" {
		return nil, errors.New("the Unified.to API token is empty")
	}
	workspaceID := strings.TrimSpace(cfg.WorkspaceID)
	if workspaceID == "" {
		return nil, errors.New("the Unified.to workspace id is empty")
	}
	c := &Client{
		base: base, region: region, token: token, workspaceID: workspaceID,
		http: cfg.HTTPClient, userAgent: cfg.UserAgent, log: cfg.Log,
		pageSize: 100, maxElapsed: DefaultMaxElapsed, sleep: sleepCtx, now: time.Now,
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: DefaultTimeout}
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	return c, nil
}

// parseBaseURL accepts an absolute https URL, or http on a loopback host, so
// that a token never crosses a network in clear text.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("the Unified.to API URL %q is not a URL: %w", raw, err)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("the Unified.to API URL %q must be an absolute https URL, such as https://api-eu.unified.to", raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("the Unified.to API URL %q must use https: the API token would travel in clear text", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("the Unified.to API URL %q must not carry credentials, a query or a fragment", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// APIURL returns the API base URL the client talks to, without a trailing
// slash.
func (c *Client) APIURL() string { return c.base.String() }

// Region returns the workspace's region.
func (c *Client) Region() Region { return c.region }

// WorkspaceID returns the workspace's id.
func (c *Client) WorkspaceID() string { return c.workspaceID }

// RedirectURI returns the OAuth redirect URI of this client's API base URL.
func (c *Client) RedirectURI() string { return RedirectURI(c.APIURL()) }

// ManualStep is the package's ManualStep for this client's region.
func (c *Client) ManualStep(in ManualStepInput) string {
	return ManualStep(c.region, in)
}

// envOrDefault makes the environment explicit.
func envOrDefault(env string) string {
	if env == "" {
		return DefaultEnv
	}
	return env
}
