package graphapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// resource describes an entity type for query options.
type resource struct {
	name       string          // "Application", as Graph's messages spell it
	odataType  string          // "microsoft.graph.application"
	set        string          // "applications", for @odata.context
	filterable map[string]bool // properties $filter accepts
	selectable func(string) bool
}

// getter reads a property for $filter: its value, or false when null.
type getter func(prop string) (string, bool)

// query is the parsed OData query options of a request.
type query struct {
	filter   func(getter) bool // nil matches everything
	selected []string          // nil selects the default property set
	top      int
}

// parseQuery reads $filter, $select and $top, the query options the
// provider sends. Graph's other options ($count, $search, $orderby, …;
// some need the header ConsistencyLevel: eventual) answer 400 here rather
// than being ignored, so that a client starting to send one notices.
func parseQuery(r *http.Request, res resource) (*query, *apiError) {
	v := r.URL.Query()
	for name := range v {
		if strings.HasPrefix(name, "$") && name != "$filter" && name != "$select" && name != "$top" {
			return nil, errBadRequest("The emulator does not implement the query option " + name + ".")
		}
	}
	q := &query{}
	if f := v.Get("$filter"); f != "" {
		p := &filterParser{res: res}
		if err := p.tokenize(f); err != nil {
			return nil, err
		}
		expr, err := p.parse()
		if err != nil {
			return nil, err
		}
		q.filter = expr
	}
	if t := v.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > 999 {
			return nil, errBadRequest(fmt.Sprintf("Invalid page size specified: '%s'. Must be between 1 and 999 inclusive.", t))
		}
		q.top = n
	}
	if sel := v.Get("$select"); sel != "" {
		for _, name := range strings.Split(sel, ",") {
			name = strings.TrimSpace(name)
			if !res.selectable(name) {
				return nil, errBadRequest(fmt.Sprintf("Parsing OData Select and Expand failed: Could not find a property named '%s' on type '%s'.", name, res.odataType))
			}
			q.selected = append(q.selected, name)
		}
	}
	return q, nil
}

func (q *query) matches(get getter) bool {
	return q.filter == nil || q.filter(get)
}

// project keeps the selected properties of a rendered object.
func (q *query) project(obj map[string]json.RawMessage) map[string]json.RawMessage {
	if q.selected == nil {
		return obj
	}
	out := make(map[string]json.RawMessage, len(q.selected))
	for _, name := range q.selected {
		if v, ok := obj[name]; ok {
			out[name] = v
		} else {
			out[name] = json.RawMessage("null")
		}
	}
	return out
}

// contextFragment is the @odata.context fragment of a collection, with the
// selected properties as Graph lists them.
func (q *query) contextFragment(set string) string {
	if q.selected == nil {
		return set
	}
	return set + "(" + strings.Join(q.selected, ",") + ")"
}

// replyList answers a collection query over rendered objects.
func (c *call) replyList(q *query, set string, objs []map[string]json.RawMessage) {
	if q.top > 0 && len(objs) > q.top {
		objs = objs[:q.top]
	}
	value := make([]map[string]json.RawMessage, 0, len(objs))
	for _, o := range objs {
		value = append(value, q.project(o))
	}
	c.reply(http.StatusOK, map[string]any{"@odata.context": c.contextURL(q.contextFragment(set)), "value": value})
}

// replyEntity answers a single object, honouring $select.
func (c *call) replyEntity(status int, q *query, set string, obj map[string]json.RawMessage) {
	out := q.project(obj)
	ctx, _ := json.Marshal(c.contextURL(q.contextFragment(set) + "/$entity"))
	out["@odata.context"] = ctx
	c.reply(status, out)
}

// rendered marshals a value into its property map.
func rendered(v any) map[string]json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil {
		panic("graphapi: rendering: " + err.Error()) // only our own types
	}
	var m map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	return m
}

// getterOf reads properties of a rendered object for $filter.
func getterOf(obj map[string]json.RawMessage) getter {
	return func(prop string) (string, bool) {
		raw, ok := obj[prop]
		if !ok || isNull(raw) {
			return "", false
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s, true
		}
		return string(raw), true
	}
}
