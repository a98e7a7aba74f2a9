package emuhttp

import (
	"io"
	"net/http"
	"testing"
	"time"
)

func TestLoggedFaultyServesThrottleThenHandler(t *testing.T) {
	ca, err := NewCA()
	if err != nil {
		t.Fatal(err)
	}
	var log RequestLog
	var faults Faults
	faults.Throttle(1, 1500*time.Millisecond)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SetRoute(r, "/things/{id}")
		_, _ = io.WriteString(w, "ok")
	})
	ln, err := ServeTLS(ca, "127.0.0.1:0", Logged("svc", &log, Faulty(&faults, func(w http.ResponseWriter, status int, code, msg string) {
		w.WriteHeader(status)
		_, _ = io.WriteString(w, code)
	}, h)))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: mustClientConfig(ca)}}

	resp, err := client.Get(ln.URL + "/things/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" {
		t.Fatalf("first answer = %d Retry-After %q, want 429 and 2 (1.5s rounded up)", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	resp, err = client.Get(ln.URL + "/things/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("second answer = %d, want 200", resp.StatusCode)
	}
	if got := log.Count("svc", "GET", "/things/{id}"); got != 1 {
		t.Errorf("Count(route) = %d, want 1", got)
	}
	if got := log.Count("svc", "", "(throttled)"); got != 1 {
		t.Errorf("Count(throttled) = %d, want 1", got)
	}
	if got := log.Writes("svc"); got != 0 {
		t.Errorf("Writes = %d, want 0 for GETs", got)
	}
}
