package graphapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// props is a request body object: property name to raw value, without
// instance annotations ("@odata.type", "owners@odata.bind"), which Graph
// does not treat as properties.
type props map[string]json.RawMessage

// parseProps parses a body that must be a JSON object. An empty body is an
// empty object (addPassword's body is optional).
func parseProps(body []byte) (props, *apiError) {
	if len(bytes.TrimSpace(body)) == 0 {
		return props{}, nil
	}
	return parseObject(body)
}

func parseObject(raw json.RawMessage) (props, *apiError) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, errMalformedBody()
	}
	p := props{}
	for k, v := range m {
		if strings.Contains(k, "@") {
			continue
		}
		p[k] = v
	}
	return p, nil
}

// only refuses any property outside allowed, as the directory does.
func (p props) only(allowed ...string) *apiError {
	for k := range p {
		found := false
		for _, a := range allowed {
			if k == a {
				found = true
				break
			}
		}
		if !found {
			return errInvalidProperty(k)
		}
	}
	return nil
}

// isNull reports whether a value is null; an absent one (nil) counts as null.
func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

// str decodes a nullable string; a value of another type is invalid.
func str(raw json.RawMessage, property, resource string) (*string, *apiError) {
	if isNull(raw) {
		return nil, nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errInvalidValue(property, resource, "expected a string")
	}
	return &v, nil
}

// stringList decodes a string collection. Collections here are non-nullable:
// null is refused rather than read as empty.
func stringList(raw json.RawMessage, property, resource string) ([]string, *apiError) {
	var v []string
	if isNull(raw) || json.Unmarshal(raw, &v) != nil {
		return nil, errInvalidValue(property, resource, "expected a collection of strings")
	}
	if v == nil {
		v = []string{}
	}
	return v, nil
}

func boolean(raw json.RawMessage, property, resource string) (bool, *apiError) {
	var v bool
	if isNull(raw) || json.Unmarshal(raw, &v) != nil {
		return false, errInvalidValue(property, resource, "expected true or false")
	}
	return v, nil
}

func timestamp(raw json.RawMessage, property, resource string) (*time.Time, *apiError) {
	s, err := str(raw, property, resource)
	if err != nil || s == nil {
		return nil, err
	}
	t, perr := time.Parse(time.RFC3339Nano, *s)
	if perr != nil {
		return nil, errInvalidValue(property, resource, "expected an ISO 8601 date and time with a zone")
	}
	t = ticks(t)
	return &t, nil
}

func binary(raw json.RawMessage, property, resource string) ([]byte, *apiError) {
	if isNull(raw) {
		return nil, nil
	}
	var v []byte // encoding/json reads base64
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errInvalidValue(property, resource, "expected base64")
	}
	return v, nil
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func isGUID(s string) bool { return guidPattern.MatchString(s) }

func guid(raw json.RawMessage, property, resource string) (string, *apiError) {
	s, err := str(raw, property, resource)
	if err != nil {
		return "", err
	}
	if s == nil || !isGUID(*s) {
		return "", errInvalidValue(property, resource, "expected a GUID")
	}
	return strings.ToLower(*s), nil
}

// sameJSON reports whether two JSON values are equal as values (key order
// and spacing aside).
func sameJSON(a, b json.RawMessage) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// mergeJSON applies a PATCH value to a stored one with OData's rules:
// complex values merge property by property, recursively; collections and
// primitives are replaced whole.
func mergeJSON(old, patch json.RawMessage) json.RawMessage {
	var o, p map[string]json.RawMessage
	if json.Unmarshal(old, &o) != nil || o == nil || json.Unmarshal(patch, &p) != nil || p == nil {
		return patch
	}
	for k, v := range p {
		if strings.Contains(k, "@") {
			continue
		}
		if cur, ok := o[k]; ok {
			o[k] = mergeJSON(cur, v)
		} else {
			o[k] = v
		}
	}
	out, _ := json.Marshal(o)
	return out
}
