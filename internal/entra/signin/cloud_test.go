package signin

import (
	"strings"
	"testing"
)

func TestResolveCloud(t *testing.T) {
	tests := []struct {
		env, authority, graph string
		want                  Cloud
		wantErr               []string
	}{
		{env: "", want: Cloud{"public", "https://login.microsoftonline.com", "https://graph.microsoft.com"}},
		{env: "Public", want: Cloud{"public", "https://login.microsoftonline.com", "https://graph.microsoft.com"}},
		{env: "usgovernment", want: Cloud{"usgovernment", "https://login.microsoftonline.us", "https://graph.microsoft.us"}},
		{env: "usgovernmentl5", want: Cloud{"usgovernmentl5", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"}},
		{env: "china", want: Cloud{"china", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"}},
		{env: "public", authority: "https://127.0.0.1:8443/", graph: "https://127.0.0.1:9443",
			want: Cloud{"public", "https://127.0.0.1:8443", "https://127.0.0.1:9443"}},
		{env: "germany", wantErr: []string{"environment (ARM_ENVIRONMENT)", `"germany"`, "public, usgovernment, usgovernmentl5, china"}},
		{authority: "http://127.0.0.1:8080", wantErr: []string{"authority_host (ARM_AUTHORITY_HOST)", "https"}},
		{graph: "https://graph.microsoft.com/v1.0", wantErr: []string{"graph_endpoint (ARM_GRAPH_ENDPOINT)", "API version", `"https://graph.microsoft.com"`}},
		{graph: "https://graph.example?x=1", wantErr: []string{"graph_endpoint (ARM_GRAPH_ENDPOINT)"}},
	}
	for _, tt := range tests {
		t.Run(tt.env+tt.authority+tt.graph, func(t *testing.T) {
			got, err := ResolveCloud(tt.env, tt.authority, tt.graph)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("ResolveCloud = %+v, want an error", got)
				}
				mustContain(t, err.Error(), tt.wantErr...)
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ResolveCloud = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestCloud_GraphScope(t *testing.T) {
	c, _ := ResolveCloud("usgovernmentl5", "", "")
	if got := c.GraphScope(); got != "https://dod-graph.microsoft.us/.default" {
		t.Errorf("GraphScope = %q", got)
	}
	for _, name := range CloudNames {
		if _, err := ResolveCloud(name, "", ""); err != nil || strings.ToLower(name) != name {
			t.Errorf("CloudNames holds %q, which ResolveCloud refuses: %v", name, err)
		}
	}
}
