package crashtest

import "testing"

// The skip decision compares versions numerically, so 1.9 is older than
// 1.11 and a pre-release of 1.11 counts as 1.11.
func TestVersionLess(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"1.9.8", "1.11.0", true},
		{"1.10.5", "1.11.0", true},
		{"1.11.0", "1.11.0", false},
		{"1.11.4", "1.11.0", false},
		{"1.12.0-alpha20250101", "1.11.0", false},
		{"2.0.0", "1.11.0", false},
		{"1.5", "1.11.0", true},
	} {
		if got := versionLess(c.a, c.b); got != c.want {
			t.Errorf("versionLess(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
