package entra_test

import (
	"context"
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/entra"
)

// The benchmarks report what the issue asks to measure: Graph requests made
// by one create and one refresh of an application (graph-requests/op),
// besides the time against the local emulator.
//
//	go test ./internal/entra -run '^$' -bench . -benchtime 20x

func BenchmarkCreateApplication(b *testing.B) {
	client, emu := newClient(b)
	ctx := context.Background()
	emu.Log.Reset()
	for b.Loop() {
		if _, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "bench", SignInAudience: "AzureADMultipleOrgs"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(emu.Log.Count("graph", "", ""))/float64(b.N), "graph-requests/op")
}

func BenchmarkRefreshApplication(b *testing.B) {
	client, emu := newClient(b)
	ctx := context.Background()
	app, err := client.CreateApplication(ctx, entra.ApplicationFields{DisplayName: "bench", SignInAudience: "AzureADMultipleOrgs"})
	if err != nil {
		b.Fatal(err)
	}
	emu.Log.Reset()
	for b.Loop() {
		if _, err := client.GetApplication(ctx, app.ObjectID); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(emu.Log.Count("graph", "", ""))/float64(b.N), "graph-requests/op")
}
