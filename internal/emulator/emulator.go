// Package emulator runs local, offline stand-ins for Microsoft Entra sign-in,
// Microsoft Graph and Unified.to (its us, eu and au regions), over TLS, with
// one request log and fault injection for each service. Acceptance tests
// start one per test in-process; the demo and manual users run
// cmd/unifiedto-emulator.
//
// The services follow the behaviour written down in docs/design/, quirks
// included; they live in their own packages
// (login, graphapi, unifiedapi) and share only emuhttp.
package emulator

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/emuhttp"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/graphapi"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/login"
	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/emulator/unifiedapi"
)

// Regions are the Unified.to regions the emulator serves.
var Regions = []string{"us", "eu", "au"}

// Options configure Start. The zero value is fine.
type Options struct {
	// CA signs the servers' certificates; nil makes a new one. Tests share
	// one per process because Go reads SSL_CERT_FILE only once.
	CA *emuhttp.CA
	// Host is the address to listen on; default 127.0.0.1.
	Host string
	// Ports fixes the listening ports (login, graph, unified-us, -eu, -au)
	// for a runnable emulator; zero picks free ones.
	Ports [5]int
}

// Emulator is a running set of emulated services.
type Emulator struct {
	CA  *emuhttp.CA
	Log *emuhttp.RequestLog

	Login       *login.Server
	LoginURL    string // the authority host, https://127.0.0.1:port
	LoginFaults *emuhttp.Faults

	Graph       *graphapi.Server
	GraphURL    string // the Graph endpoint without /v1.0
	GraphFaults *emuhttp.Faults

	Unified       map[string]*unifiedapi.Server // by region
	UnifiedURLs   map[string]string
	UnifiedFaults *emuhttp.Faults // shared by the three regions

	// ClientID and ClientSecret are the credentials of the identity the
	// provider signs in with, as ARM_CLIENT_ID / ARM_CLIENT_SECRET.
	ClientID, ClientSecret string

	listeners []*emuhttp.Listener
}

// Seeded credentials: fixed so that a person running the emulator by hand
// can type them, and clearly not real.
const (
	seedClientID     = "00000000-0000-0000-0000-00000000e001"
	seedClientSecret = "emu8Q~emulator-secret-not-for-production00"
	seedUnifiedToken = "emulator-unified-api-token"
	seedWorkspaceID  = "0123456789abcdef01234567"
)

// Start starts every service.
func Start(opts Options) (*Emulator, error) {
	ca := opts.CA
	if ca == nil {
		var err error
		if ca, err = emuhttp.NewCA(); err != nil {
			return nil, err
		}
	}
	host := opts.Host
	if host == "" {
		host = "127.0.0.1"
	}
	e := &Emulator{
		CA: ca, Log: &emuhttp.RequestLog{},
		LoginFaults: &emuhttp.Faults{}, GraphFaults: &emuhttp.Faults{}, UnifiedFaults: &emuhttp.Faults{},
		Unified: map[string]*unifiedapi.Server{}, UnifiedURLs: map[string]string{},
		ClientID: seedClientID, ClientSecret: seedClientSecret,
	}
	e.Login = login.New(login.Options{})
	e.Login.AddClientSecret(seedClientID, seedClientSecret)
	e.Graph = graphapi.New(graphapi.Options{TokenScope: e.Login.CheckToken})

	serve := func(port int, service string, faults *emuhttp.Faults, writeError emuhttp.ErrorWriter, h interface{ Handler() http.Handler }) (string, error) {
		ln, err := emuhttp.ServeTLS(ca, fmt.Sprintf("%s:%d", host, port), emuhttp.Logged(service, e.Log, emuhttp.Faulty(faults, writeError, h.Handler())))
		if err != nil {
			return "", err
		}
		e.listeners = append(e.listeners, ln)
		return ln.URL, nil
	}
	var err error
	if e.LoginURL, err = serve(opts.Ports[0], "login", e.LoginFaults, e.Login.WriteError, e.Login); err != nil {
		e.Close()
		return nil, err
	}
	if e.GraphURL, err = serve(opts.Ports[1], "graph", e.GraphFaults, e.Graph.WriteError, e.Graph); err != nil {
		e.Close()
		return nil, err
	}
	for i, region := range Regions {
		s := unifiedapi.New(unifiedapi.Options{Region: region, Token: seedUnifiedToken, WorkspaceID: seedWorkspaceID})
		e.Unified[region] = s
		if e.UnifiedURLs[region], err = serve(opts.Ports[2+i], "unified-"+region, e.UnifiedFaults, s.WriteError, s); err != nil {
			e.Close()
			return nil, err
		}
	}
	return e, nil
}

// Close stops every service.
func (e *Emulator) Close() {
	for _, ln := range e.listeners {
		_ = ln.Close()
	}
}

// TenantID is the emulated tenant.
func (e *Emulator) TenantID() string { return e.Login.TenantID() }

// Env is the environment that points the provider at this emulator, with
// the Unified.to workspace in region. caFile is the path of the CA's PEM
// file, for SSL_CERT_FILE; empty leaves SSL_CERT_FILE out.
func (e *Emulator) Env(region, caFile string) map[string]string {
	env := map[string]string{
		"ARM_TENANT_ID":        e.TenantID(),
		"ARM_CLIENT_ID":        e.ClientID,
		"ARM_CLIENT_SECRET":    e.ClientSecret,
		"ARM_AUTHORITY_HOST":   e.LoginURL,
		"ARM_GRAPH_ENDPOINT":   e.GraphURL,
		"UNIFIED_API_TOKEN":    seedUnifiedToken,
		"UNIFIED_WORKSPACE_ID": seedWorkspaceID,
		"UNIFIED_REGION":       region,
		"UNIFIED_API_URL":      e.UnifiedURLs[region],
	}
	if caFile != "" {
		env["SSL_CERT_FILE"] = caFile
	}
	return env
}

// ShellExports renders Env as `export K='V'` lines, sorted.
func ShellExports(env map[string]string) string {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "export %s='%s'\n", k, env[k])
	}
	return b.String()
}
