package graphapi

import (
	"fmt"
	"net/http"
	"strings"
)

// filterParser parses the $filter subset clients use on directory objects:
//
//	expr    = and { "or" and }
//	and     = unary { "and" unary }
//	unary   = "not" "(" expr ")" | primary
//	primary = "(" expr ")" | ("startswith" | "endswith") "(" prop "," string ")"
//	        | prop ("eq" | "ne") value | prop "in" "(" string { "," string } ")"
//
// String comparisons ignore case, as the directory's do.
type filterParser struct {
	res      resource
	toks     []tok
	pos      int
	advanced string // the first property used in a ConsistencyLevel-only way
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

func (p *filterParser) peek() tok {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return tok{}
}

func (p *filterParser) next() tok { t := p.peek(); p.pos++; return t }

func (p *filterParser) keyword(word string) bool {
	t := p.peek()
	if !t.str && strings.EqualFold(t.text, word) {
		p.pos++
		return true
	}
	return false
}

func (p *filterParser) expect(text string) *apiError {
	if t := p.next(); t.str || t.text != text {
		return errFilter(fmt.Sprintf("expected '%s'", text))
	}
	return nil
}

func (p *filterParser) or() (func(getter) bool, *apiError) {
	left, err := p.and()
	for err == nil && p.keyword("or") {
		var right func(getter) bool
		if right, err = p.and(); err == nil {
			l := left
			left = func(g getter) bool { return l(g) || right(g) }
		}
	}
	return left, err
}

func (p *filterParser) and() (func(getter) bool, *apiError) {
	left, err := p.unary()
	for err == nil && p.keyword("and") {
		var right func(getter) bool
		if right, err = p.unary(); err == nil {
			l := left
			left = func(g getter) bool { return l(g) && right(g) }
		}
	}
	return left, err
}

func (p *filterParser) unary() (func(getter) bool, *apiError) {
	if p.keyword("not") {
		start := p.pos
		if err := p.expect("("); err != nil {
			return nil, err
		}
		inner, err := p.or()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		if p.advanced == "" {
			p.advanced = p.firstProp(start)
		}
		return func(g getter) bool { return !inner(g) }, nil
	}
	return p.primary()
}

// firstProp names the property after token index i, for messages.
func (p *filterParser) firstProp(i int) string {
	for ; i < len(p.toks); i++ {
		if t := p.toks[i]; !t.str && p.res.filterable[t.text] {
			return t.text
		}
	}
	return "unknown"
}

func (p *filterParser) property() (string, *apiError) {
	t := p.next()
	if t.str || t.text == "" {
		return "", errFilter("expected a property name")
	}
	if !p.res.filterable[t.text] {
		return "", errUnsupportedQuery(fmt.Sprintf("Unsupported or invalid query filter clause specified for property '%s' of resource '%s'.", t.text, p.res.name))
	}
	return t.text, nil
}

func (p *filterParser) primary() (func(getter) bool, *apiError) {
	if p.peek().text == "(" && !p.peek().str {
		p.pos++
		e, err := p.or()
		if err == nil {
			err = p.expect(")")
		}
		return e, err
	}
	if t := p.peek(); !t.str && (strings.EqualFold(t.text, "startswith") || strings.EqualFold(t.text, "endswith")) {
		p.pos++
		ends := strings.EqualFold(t.text, "endswith")
		if err := p.expect("("); err != nil {
			return nil, err
		}
		prop, err := p.property()
		if err != nil {
			return nil, err
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
		lit := p.next()
		if !lit.str {
			return nil, errFilter("expected a string literal")
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		if ends && p.advanced == "" {
			p.advanced = prop
		}
		want := strings.ToLower(lit.text)
		return func(g getter) bool {
			v, ok := g(prop)
			v = strings.ToLower(v)
			return ok && ((ends && strings.HasSuffix(v, want)) || (!ends && strings.HasPrefix(v, want)))
		}, nil
	}
	prop, err := p.property()
	if err != nil {
		return nil, err
	}
	if p.keyword("in") {
		if err := p.expect("("); err != nil {
			return nil, err
		}
		var set []string
		for {
			lit := p.next()
			if !lit.str {
				return nil, errFilter("expected a string literal")
			}
			set = append(set, lit.text)
			if p.peek().text != "," || p.peek().str {
				break
			}
			p.pos++
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return func(g getter) bool {
			v, ok := g(prop)
			for _, s := range set {
				if ok && strings.EqualFold(v, s) {
					return true
				}
			}
			return false
		}, nil
	}
	negate := false
	switch {
	case p.keyword("eq"):
	case p.keyword("ne"):
		negate = true
		if p.advanced == "" {
			p.advanced = prop
		}
	default:
		return nil, errFilter("expected eq, ne or in after " + prop)
	}
	lit := p.next()
	isNullLit := !lit.str && lit.text == "null"
	if !lit.str && !isNullLit && lit.text != "true" && lit.text != "false" {
		return nil, errFilter("expected a literal after the operator")
	}
	return func(g getter) bool {
		v, ok := g(prop)
		eq := (isNullLit && !ok) || (!isNullLit && ok && strings.EqualFold(v, lit.text))
		return eq != negate
	}, nil
}
