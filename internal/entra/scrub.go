package entra

import "regexp"

// Graph error messages may echo parts of a request: a bearer token, a
// client secret, a client assertion. Everything that leaves this package as
// an error passes through scrub first, so that no diagnostic or log line can
// carry one, whatever Graph chose to quote.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)bearer\s+[A-Za-z0-9._~+/=-]+`),
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`), // a JWT
	regexp.MustCompile(`[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{30,40}`),   // Entra's secret format
	// A key and its value, quoted or not, JSON-escaped any number of times
	// (a quoted request inside a JSON string: \"client_secret\":\"…\").
	regexp.MustCompile(`(?i)((?:\\*")?(client_secret|secretText|client_assertion|access_token|password)(?:\\*")?\s*[:=]\s*(?:\\*")?)[^"\\&,\s}]+`),
}

func scrub(s string) string {
	for i, re := range secretPatterns {
		if i == len(secretPatterns)-1 {
			s = re.ReplaceAllString(s, "${1}[redacted]")
			continue
		}
		s = re.ReplaceAllString(s, "[redacted]")
	}
	return s
}
