package emuhttp

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// serveCounting starts a logged, faulty server whose handler counts the
// requests it applied.
func serveCounting(t *testing.T, faults *Faults) (url string, applied *atomic.Int32, log *RequestLog, client *http.Client) {
	t.Helper()
	ca, err := NewCA()
	if err != nil {
		t.Fatal(err)
	}
	applied = &atomic.Int32{}
	log = &RequestLog{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SetRoute(r, "/things")
		applied.Add(1)
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id":"1"}`)
	})
	ln, err := ServeTLS(ca, "127.0.0.1:0", Logged("svc", log, Faulty(faults, func(w http.ResponseWriter, status int, code, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"error":{"code":"`+code+`","message":"`+msg+`"}}`)
	}, h)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.URL, applied, log, &http.Client{Transport: &http.Transport{TLSClientConfig: mustClientConfig(ca)}}
}

func TestLoseAnswersAppliesTheWriteThenAnswers504(t *testing.T) {
	var faults Faults
	faults.LoseAnswers(1, Answer504)
	url, applied, log, client := serveCounting(t, &faults)
	resp, err := client.Post(url+"/things", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusGatewayTimeout || applied.Load() != 1 {
		t.Fatalf("client saw %d, handler applied %d writes; want 504 and 1", resp.StatusCode, applied.Load())
	}
	e := log.Entries()[0]
	if e.Route != "/things" || e.Status != 504 || !strings.Contains(e.Note, "201") {
		t.Errorf("log entry %+v: want the handler's route, status 504 and a note naming the lost 201", e)
	}
	if _, pending := faults.Pending(); pending != 0 {
		t.Errorf("%d lost answers still pending, want 0", pending)
	}
}

func TestLoseAnswersCanDropTheConnection(t *testing.T) {
	var faults Faults
	faults.LoseAnswers(1, DropConnection)
	url, applied, log, client := serveCounting(t, &faults)
	_, err := client.Post(url+"/things", "application/json", strings.NewReader(`{}`))
	if err == nil {
		t.Fatal("the client got an answer; want the connection dropped")
	}
	if applied.Load() != 1 {
		t.Fatalf("handler applied %d writes, want 1: the write is committed before the answer is lost", applied.Load())
	}
	// The connection closes inside the handler, and the log entry is added
	// when the handler returns: the client may see the drop first.
	deadline := time.Now().Add(5 * time.Second)
	for len(log.Entries()) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if entries := log.Entries(); len(entries) != 1 || entries[0].Status != 0 {
		t.Errorf("log %+v for a dropped connection, want one entry with status 0", entries)
	}
}

func TestGatewayNextSendsHTMLOrNothing(t *testing.T) {
	for _, contentType := range []string{"text/html", ""} {
		var faults Faults
		faults.GatewayNext(1, http.StatusServiceUnavailable, contentType)
		url, applied, _, client := serveCounting(t, &faults)
		resp, err := client.Get(url + "/things")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || applied.Load() != 0 || resp.Header.Get("Content-Type") != contentType {
			t.Fatalf("%q: got %d %q, %d applied; want 503 with that content type and nothing applied", contentType, resp.StatusCode, resp.Header.Get("Content-Type"), applied.Load())
		}
		if (contentType == "") != (len(body) == 0) || strings.Contains(string(body), `"error"`) {
			t.Errorf("%q: body %q: want an HTML page or nothing, never the service's JSON", contentType, body)
		}
	}
}
