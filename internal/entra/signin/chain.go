package signin

import (
	"context"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// method is one enabled sign-in method in the chain. It records its failure
// in the attempts carried by the context, so that the credential can explain
// the whole chain in the provider's terms instead of azidentity's.
type method struct {
	name  string // "client secret"
	attrs string // the attribute that enabled it, with its variable
	fix   string // what to do when it fails and no AADSTS code says more
	cred  azcore.TokenCredential
}

// GetToken passes the error through unchanged, so that the chain still tells
// unavailable methods (move on) from rejected ones (stop).
func (m *method) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := m.cred.GetToken(ctx, opts)
	if err != nil {
		if rec, ok := ctx.Value(attemptsKey{}).(*attempts); ok {
			rec.add(m, err)
		}
	}
	return tok, err
}

type attemptsKey struct{}

// attempts collects the failures of one GetToken call. The chain runs its
// sources one after another, but a lock costs nothing and guards against
// azidentity changing that.
type attempts struct {
	mu     sync.Mutex
	failed []attempt
}

type attempt struct {
	m   *method
	err error
}

func (a *attempts) add(m *method, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.failed = append(a.failed, attempt{m, err})
}

// credential is what NewCredential returns: azidentity's chain, with its
// failures explained.
type credential struct {
	chain              *azidentity.ChainedTokenCredential
	methods            []*method
	secrets            []string
	clientID, tenantID string // for naming them in fixes
}

// GetToken signs in with the first method that works, or returns an *Error.
func (c *credential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	rec := &attempts{}
	tok, err := c.chain.GetToken(context.WithValue(ctx, attemptsKey{}, rec), opts)
	if err != nil {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return tok, c.explain(rec.failed, err)
	}
	return tok, nil
}
