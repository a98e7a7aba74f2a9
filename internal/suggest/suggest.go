// Package suggest finds the names close to a mistyped one, for the "did
// you mean" part of a diagnostic (integration types, permission names).
package suggest

import (
	"sort"
	"strings"
)

// Near returns up to limit candidates close to typed, closest first: the
// same name in another case, one containing the other, or a few typos
// (an edit distance of at most a quarter of the name, and at least 2).
func Near(typed string, candidates []string, limit int) []string {
	type scored struct {
		name     string
		distance int
	}
	typed = strings.ToLower(typed)
	var found []scored
	for _, c := range candidates {
		lower := strings.ToLower(c)
		d := Distance(typed, lower)
		if strings.Contains(lower, typed) || strings.Contains(typed, lower) {
			d = min(d, 1)
		}
		if d <= Tolerance(typed) {
			found = append(found, scored{c, d})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].distance != found[j].distance {
			return found[i].distance < found[j].distance
		}
		return found[i].name < found[j].name
	})
	var names []string
	for i := 0; i < len(found) && i < limit; i++ {
		names = append(names, found[i].name)
	}
	return names
}

// Tolerance is how many typos a name of this length may carry and still
// count as close.
func Tolerance(name string) int { return max(2, len(name)/4) }

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
