package emuhttp

import (
	"net/http"
	"testing"
	"time"
)

// OnEntry sees a write after the service applied it and before the client
// has the answer: the moment the crash test kills the provider at.
func TestOnEntrySeesACommittedWriteBeforeItsAnswerIsSent(t *testing.T) {
	var faults Faults
	url, applied, log, client := serveCounting(t, &faults)
	seen, release := make(chan Entry, 1), make(chan struct{})
	log.OnEntry(func(e Entry) {
		seen <- e
		<-release
	})
	answered := make(chan int, 1)
	go func() {
		resp, err := client.Post(url+"/things", "application/json", nil)
		if err != nil {
			answered <- -1
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	e := <-seen
	if applied.Load() != 1 || !e.IsWrite() || e.Status != http.StatusCreated || e.Route != "/things" {
		t.Fatalf("hook saw %+v with %d writes applied; want the committed POST, 201", e, applied.Load())
	}
	select {
	case status := <-answered:
		t.Fatalf("the client had its answer (%d) while the hook ran", status)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if status := <-answered; status != http.StatusCreated {
		t.Fatalf("after the hook returned the client got %d, want 201", status)
	}
	log.OnEntry(nil)
	if _, err := client.Get(url + "/things"); err != nil {
		t.Fatal(err)
	}
	if n := len(log.Entries()); n != 2 {
		t.Errorf("%d entries logged, want 2", n)
	}
}
