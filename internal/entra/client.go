package entra

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	auth "github.com/microsoft/kiota-authentication-azure-go"
	khttp "github.com/microsoft/kiota-http-go"
	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
	msgraphcore "github.com/microsoftgraph/msgraph-sdk-go-core"
)

// Config is what the client needs to reach Graph.
type Config struct {
	Credential    azcore.TokenCredential
	GraphEndpoint string      // e.g. https://graph.microsoft.com, without /v1.0
	Scope         string      // e.g. https://graph.microsoft.com/.default
	Policy        RetryPolicy // zero: DefaultRetryPolicy
	// Log, when set, is told of every HTTP exchange (method, URL path,
	// status, duration). It never sees headers or bodies, which carry tokens
	// and secrets.
	Log func(ctx context.Context, method, path string, status int, elapsed time.Duration)
	// Progress, when set, is told of every wait longer than a second (a
	// retry after throttling, reads that do not agree yet), with what it
	// waits for and how far it is: the provider logs it at INFO.
	Progress func(ctx context.Context, message string)
}

// Client is a Graph client for app registrations.
type Client struct {
	graph    *msgraphsdk.GraphServiceClient
	policy   RetryPolicy
	locks    objectLocks
	recent   recentObjects // objects known to be new, whose 404s are replication lag (lag.go)
	nonces   createNonces  // the pending marks of this client's creates (create.go)
	progress func(ctx context.Context, message string)

	cache   readCache      // reads of each application, shared (cache.go)
	bases   writeBases     // new applications as this client's writes left them (coalesce.go)
	pending pendingChanges // slice changes waiting for an application's lock
}

// New builds a client. It does not sign in: the first request does.
func New(cfg Config) (*Client, error) {
	endpoint, err := url.Parse(strings.TrimSuffix(cfg.GraphEndpoint, "/"))
	if err != nil || endpoint.Scheme != "https" || endpoint.Host == "" {
		return nil, fmt.Errorf("graph endpoint %q is not an https URL", cfg.GraphEndpoint)
	}
	// kiota's authentication provider sends no Authorization header to a host
	// outside its allowed list, which shows up as a bare 401; so the allowed
	// list is exactly the configured Graph host.
	authProvider, err := auth.NewAzureIdentityAuthenticationProviderWithScopesAndValidHosts(cfg.Credential, []string{cfg.Scope}, []string{endpoint.Hostname()})
	if err != nil {
		return nil, fmt.Errorf("building the Graph authentication provider: %w", err)
	}
	options := msgraphsdk.GetDefaultClientOptions()
	middleware := withoutKiotaRetry(msgraphcore.GetDefaultMiddlewaresWithOptions(&options))
	client := &Client{}
	middleware = append(middleware, writeWatcher(client.sawWrite))
	if cfg.Log != nil {
		middleware = append(middleware, exchangeLogger(cfg.Log))
	}
	middleware = append(middleware, gatewayAnswers{})
	httpClient := msgraphcore.GetDefaultClient(&options, middleware...)
	adapter, err := msgraphsdk.NewGraphRequestAdapterWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(authProvider, nil, nil, httpClient)
	if err != nil {
		return nil, fmt.Errorf("building the Graph request adapter: %w", err)
	}
	adapter.SetBaseUrl(endpoint.String() + "/v1.0")
	policy := cfg.Policy
	if policy == (RetryPolicy{}) {
		policy = DefaultRetryPolicy
	}
	progress := cfg.Progress
	if progress == nil {
		progress = func(context.Context, string) {}
	}
	client.graph, client.policy, client.progress = msgraphsdk.NewGraphServiceClient(adapter), policy, progress
	return client, nil
}

// withoutKiotaRetry drops kiota's retry handler. Its retries resend a
// request that kiota's compression handler has already changed in place
// (Content-Encoding: gzip set, body a one-shot reader already read), so a
// retried PATCH or POST reaches Graph with an empty gzip body and fails
// with "Unable to read JSON request payload". This package's own retry
// (retry.go) builds a fresh request for every attempt and honours
// Retry-After, so it does all the retrying.
func withoutKiotaRetry(middleware []khttp.Middleware) []khttp.Middleware {
	kept := middleware[:0:0]
	for _, m := range middleware {
		switch m.(type) {
		case khttp.RetryHandler, *khttp.RetryHandler:
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

// exchangeLogger is the innermost middleware, so it sees each attempt,
// retries included.
type exchangeLogger func(ctx context.Context, method, path string, status int, elapsed time.Duration)

func (l exchangeLogger) Intercept(pipeline khttp.Pipeline, index int, req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := pipeline.Next(req, index)
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	l(req.Context(), req.Method, req.URL.Path, status, time.Since(start))
	return resp, err
}
