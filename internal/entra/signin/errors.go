package signin

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// Error is a failed sign-in. Its message lists every method tried, in
// order, with what went wrong and how to fix it; it never contains a
// secret. Unwrap gives azidentity's own errors, for errors.Is and errors.As;
// print Error, not those.
type Error struct {
	msg  string
	errs []error
}

func (e *Error) Error() string   { return e.msg }
func (e *Error) Unwrap() []error { return e.errs }

// Generic fixes, for failures no AADSTS code explains better.
const (
	fixCertificate = "check that the certificate's public part is uploaded under Certificates & secrets of {application} in {tenant}, and has not expired"
	fixSecret      = "check " + attrClient + ", " + attrTenant + " and that " + attrSecret + " is a current secret's value"
	fixOIDC        = "check that the token is current and that {application} has a federated identity credential whose issuer, subject and audience (" + exchangeAudience + ") match it"
	fixOIDCFile    = "point " + attrOIDCFile + " at the projected token file (AKS workload identity sets AZURE_FEDERATED_TOKEN_FILE), and " + fixOIDC
	fixGitHub      = "give the job `permissions: id-token: write` so that GitHub sets ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN for it, and add a federated identity credential for this repository and branch or environment to {application}"
	fixADO         = "use an Azure Resource Manager service connection with workload identity federation, map `SYSTEM_ACCESSTOKEN: $(System.AccessToken)` into the step's env, and check " + attrADO
	fixMSI         = "run on an Azure resource with a managed identity enabled; for a user-assigned identity set " + attrClient + " to its client id"
	fixCLI         = "install the Azure CLI and run `az login` (with --tenant when " + attrTenant + " is set), or choose another method"
)

// aadFixes explain the AADSTS codes people actually meet.
var aadFixes = map[string]string{
	"7000215": "the secret is wrong: set " + attrSecret + " to the secret's Value (not its Secret ID) as shown once when it was created, or create a new secret",
	"7000222": "the client secret has expired: create a new one and update " + attrSecret,
	"700016":  "no application with this client id exists in the tenant: check " + attrClient + ", " + attrTenant + " and environment (ARM_ENVIRONMENT)",
	"90002":   "the tenant does not exist in this cloud: check " + attrTenant + " and environment (ARM_ENVIRONMENT)",
	"7000229": "the application has no service principal in this tenant: create one (an enterprise application) or consent to the application",
	"700027":  fixCertificate,
	"700024":  "the assertion is outside its validity: check this machine's clock, and that the OIDC token is fresh",
	"700211":  "no federated identity credential on {application} trusts the token's issuer: " + fixOIDC,
	"700212":  "no federated identity credential on {application} trusts the token's audience: request the token for " + exchangeAudience,
	"700213":  "no federated identity credential on {application} trusts the token's subject (shown above): add one for exactly that subject, e.g. for the branch or environment this run uses",
	"70021":   fixOIDC,
}

var aadCode = regexp.MustCompile(`AADSTS(\d+)`)

// explain turns the chain's failure into an *Error. failed holds the methods
// that failed, in order; the chain stops at the first that was not merely
// unavailable, and the methods after it are named as not tried.
func (c *credential) explain(failed []attempt, chainErr error) error {
	var b strings.Builder
	b.WriteString("signing in to Microsoft Entra ID failed. Tried, in order:")
	errs := make([]error, 0, len(failed))
	tried := map[*method]bool{}
	for i, a := range failed {
		tried[a.m] = true
		errs = append(errs, a.err)
		// The chain moves on only past unavailable methods, and its own
		// error is an AuthenticationFailedError only when the last was not.
		unavailable := i < len(failed)-1 || !errors.As(chainErr, new(*azidentity.AuthenticationFailedError))
		what, fix := describe(a, unavailable)
		fmt.Fprintf(&b, "\n  %d. %s, enabled by %s: %s\n     To fix: %s", i+1, a.m.name, a.m.attrs, indent(what, "     "), c.fill(fix))
	}
	if len(failed) == 0 {
		// A failure outside any method, such as a cancelled context.
		fmt.Fprintf(&b, "\n  (no method ran): %s", indent(chainErr.Error(), "     "))
		errs = append(errs, chainErr)
	}
	var rest []string
	for _, m := range c.methods {
		if !tried[m] {
			rest = append(rest, m.name+" (enabled by "+m.attrs+")")
		}
	}
	if len(rest) > 0 && len(failed) > 0 {
		fmt.Fprintf(&b, "\nNot tried, because sign-in stops at a method that Microsoft Entra ID rejects rather than one that is unavailable here: %s.", strings.Join(rest, ", "))
	}
	return &Error{msg: redactString(b.String(), c.secrets), errs: errs}
}

// describe says what went wrong with one method, preferring the service's
// own message, and picks the fix its AADSTS code calls for.
func describe(a attempt, unavailable bool) (what, fix string) {
	fix = a.m.fix
	switch msg, status := serviceMessage(a.err); {
	case unavailable:
		what = "unavailable here: " + plain.Replace(credentialPrefix.ReplaceAllString(a.err.Error(), ""))
	case msg != "":
		what = fmt.Sprintf("rejected (HTTP %d): %s", status, msg)
	default:
		what = credentialPrefix.ReplaceAllString(a.err.Error(), "")
	}
	if m := aadCode.FindStringSubmatch(what); m != nil {
		if f, ok := aadFixes[m[1]]; ok {
			fix = f
		}
	}
	return what, fix
}

// serviceMessage returns the message of the failed response azidentity
// kept: the first line of Entra ID's error_description, or the message of a
// managed identity endpoint; and the status.
func serviceMessage(err error) (string, int) {
	var afe *azidentity.AuthenticationFailedError
	if !errors.As(err, &afe) || afe.RawResponse == nil {
		return "", 0
	}
	body, rerr := runtime.Payload(afe.RawResponse)
	if rerr != nil {
		return "", 0
	}
	var e struct {
		Description string `json:"error_description"`
		Message     string `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", 0
	}
	msg := e.Description
	if msg == "" {
		msg = e.Message
	}
	// Entra ID appends trace and correlation ids after a CRLF.
	msg, _, _ = strings.Cut(msg, "\r\n")
	return msg, afe.RawResponse.StatusCode
}

// fill names the application and tenant in a fix, with their values when
// known: ids are not secrets, and they are what people compare in the portal.
func (c *credential) fill(fix string) string {
	app, tenant := "the application in "+attrClient, "the tenant in "+attrTenant
	flat := strings.NewReplacer(" (", ", ", ")", "") // "client_id, ARM_CLIENT_ID"
	if c.clientID != "" {
		app = "application " + c.clientID + " (" + flat.Replace(attrClient) + ")"
	}
	if c.tenantID != "" {
		tenant = "tenant " + c.tenantID + " (" + flat.Replace(attrTenant) + ")"
	}
	return strings.NewReplacer("{application}", app, "{tenant}", tenant).Replace(fix)
}

// credentialPrefix is how azidentity starts its messages; the method's
// own name replaces it.
var credentialPrefix = regexp.MustCompile(`^\w+Credential: `)

// plain rewords azidentity's messages where the provider can be clearer.
var plain = strings.NewReplacer("executable not found on path", "the `az` executable is not on PATH")

func indent(s, prefix string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n"+prefix)
}

// redact removes secrets from an error's message. Short values are left
// alone: replacing every "a" would make the message unreadable, and no
// component here echoes input anyway; this is the belt to that braces.
func redact(err error, secrets []string) error {
	if err == nil {
		return nil
	}
	return errors.New(redactString(err.Error(), secrets))
}

func redactString(s string, secrets []string) string {
	for _, v := range secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "[REDACTED]")
		}
	}
	return s
}
