package graphapi

import (
	"fmt"
	"net/http"
	"strings"
)

// filterParser parses the one $filter form the provider sends,
// "appId eq '…'", generalised a little:
//
//	expr = prop "eq" literal { "and" prop "eq" literal }
//
// Graph accepts much more (or, not, in, startswith, and with the header
// ConsistencyLevel: eventual also ne and endswith). The emulator refuses
// those with 400 rather than guess at them: a client change that starts
// sending one fails in the tests until the emulator learns it from the
// facts (docs/design/graph-applications.md, "Queries").
// String comparisons ignore case, as the directory's do.
type filterParser struct {
	res  resource
	toks []tok
	pos  int
}

type tok struct {
	str  bool // a quoted string literal
	text string
}

func errFilter(why string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "BadRequest", message: "Invalid filter clause: " + why}
}

func (p *filterParser) tokenize(s string) *apiError {
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t':
			i++
		case ch == '(' || ch == ')' || ch == ',':
			p.toks = append(p.toks, tok{text: string(ch)})
			i++
		case ch == '\'':
			var b strings.Builder
			i++
			for {
				if i >= len(s) {
					return errFilter("unterminated string literal")
				}
				if s[i] == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' { // '' is a quote
						b.WriteByte('\'')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			p.toks = append(p.toks, tok{str: true, text: b.String()})
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t(),'", rune(s[j])) {
				j++
			}
			p.toks = append(p.toks, tok{text: s[i:j]})
			i = j
		}
	}
	return nil
}

func (p *filterParser) next() tok {
	if p.pos < len(p.toks) {
		p.pos++
		return p.toks[p.pos-1]
	}
	return tok{}
}

// parse reads the whole filter into a predicate.
func (p *filterParser) parse() (func(getter) bool, *apiError) {
	var terms []func(getter) bool
	for {
		term, err := p.comparison()
		if err != nil {
			return nil, err
		}
		terms = append(terms, term)
		t := p.next()
		if t.text == "" && !t.str {
			break
		}
		if t.str || !strings.EqualFold(t.text, "and") {
			return nil, errFilter(fmt.Sprintf("unexpected '%s': the emulator implements only 'property eq value' joined by 'and'", t.text))
		}
	}
	return func(g getter) bool {
		for _, term := range terms {
			if !term(g) {
				return false
			}
		}
		return true
	}, nil
}

func (p *filterParser) comparison() (func(getter) bool, *apiError) {
	t := p.next()
	if t.str || t.text == "" {
		return nil, errFilter("expected a property name")
	}
	prop := t.text
	if p.pos < len(p.toks) && p.toks[p.pos].text == "(" && !p.toks[p.pos].str {
		return nil, errFilter(fmt.Sprintf("the emulator does not implement '%s(…)'; it implements only 'property eq value' joined by 'and'", prop))
	}
	if !p.res.filterable[prop] {
		return nil, errUnsupportedQuery(fmt.Sprintf("Unsupported or invalid query filter clause specified for property '%s' of resource '%s'.", prop, p.res.name))
	}
	if op := p.next(); op.str || !strings.EqualFold(op.text, "eq") {
		return nil, errFilter(fmt.Sprintf("unexpected '%s' after %s: the emulator implements only 'eq'", op.text, prop))
	}
	lit := p.next()
	isNullLit := !lit.str && lit.text == "null"
	if !lit.str && !isNullLit && lit.text != "true" && lit.text != "false" {
		return nil, errFilter("expected a literal after the operator")
	}
	return func(g getter) bool {
		v, ok := g(prop)
		return (isNullLit && !ok) || (!isNullLit && ok && strings.EqualFold(v, lit.text))
	}, nil
}
