package emuhttp

import (
	"bytes"
	"net/http"
	"strconv"
)

// loseAnswer lets next apply the request, then throws its answer away: the
// client gets a 504 or a closed connection for a write that was committed,
// as when a gateway times out or a connection drops on the way back. The
// request log shows the route the service matched, the status the client
// saw (0 for a dropped connection) and a note with the status it lost.
func loseAnswer(w http.ResponseWriter, r *http.Request, how LostAnswer, writeError ErrorWriter, next http.Handler) {
	discard := &discardWriter{header: http.Header{}, status: http.StatusOK}
	next.ServeHTTP(discard, r)
	SetNote(r, "answer lost after the service answered "+strconv.Itoa(discard.status))
	if how == DropConnection {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			markDropped(r)
			_ = conn.Close()
			return
		}
		// A writer that cannot be hijacked gets the 504 instead.
	}
	writeError(w, http.StatusGatewayTimeout, "GatewayTimeout", "The gateway did not receive a timely answer from the service.")
}

// discardWriter is where a lost answer goes.
type discardWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) WriteHeader(status int)      { d.status = status }
func (d *discardWriter) Write(b []byte) (int, error) { return d.body.Write(b) }

// writeGatewayAnswer answers status with an HTML page, or with no body when
// contentType is "".
func writeGatewayAnswer(w http.ResponseWriter, status int, contentType string) {
	if contentType == "" {
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(status)
		return
	}
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	page := "<!DOCTYPE html><html><head><title>" + text + "</title></head><body><h1>" + text +
		"</h1><p>The server is temporarily unable to service your request.</p></body></html>"
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(page))
}
