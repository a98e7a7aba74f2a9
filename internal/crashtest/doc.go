// Package crashtest proves that the whole guide (examples/end-to-end, the
// secret minted by the integration's entra_client_secret block) survives a
// crash at any write: its test builds the provider binary, runs the real
// terraform CLI against the emulators, and for each write N of an
// undisturbed apply in turn (every request to Graph or Unified.to that
// could change something and that the service committed) kills the
// provider process with SIGKILL right after the emulator committed write N
// and before its answer is sent. Then it re-applies and requires exactly
// one application in Graph, its create's pending mark gone, no secret
// there that state does not record, Unified.to holding that application's
// client id and the very secret Entra holds, and an empty plan. A second
// test does the same for the apply that rotates the minted secret.
//
// Each terraform run has a time limit (runTimeout) and a process group of
// its own, which holds the providers terraform starts: a run past its time
// is killed as a group, and what a run left behind is killed when its test
// ends, so a hung apply neither holds the test nor leaves providers
// running.
//
// It holds no code: the test is the package. It runs in `make test`
// (Linux only, terraform 1.11+); docs/design/graph-secrets.md, "The kill
// test", says what it proves and how to run it alone.
package crashtest
