package validators

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestCheckBrandingURL(t *testing.T) {
	long := "https://acme.example/" + strings.Repeat("a", MaxBrandingURLLength-len("https://acme.example/"))
	cases := map[string]struct {
		link string
		want string // "" for accepted, else a fragment of the error
	}{
		"https":            {link: "https://acme.example/privacy"},
		"http is accepted": {link: "http://acme.example/terms"},
		"query and anchor": {link: "https://acme.example/legal?doc=tos#section-2"},
		"exactly 2048":     {link: long},
		"2049 characters":  {link: long + "b", want: "2049 characters long; Entra ID accepts at most 2048"},
		"relative":         {link: "/privacy", want: "not an absolute URL"},
		"no scheme":        {link: "acme.example/privacy", want: "not an absolute URL"},
		"no host":          {link: "https:///privacy", want: "not an absolute URL"},
		"mailto":           {link: "mailto:support@acme.example", want: "not an absolute URL"},
		"ftp":              {link: "ftp://acme.example/tos.pdf", want: `scheme "ftp"`},
		"javascript":       {link: "javascript://acme.example/%0aalert(1)", want: `scheme "javascript"`},
		"space":            {link: "https://acme.example/terms of service", want: "contains whitespace"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := CheckBrandingURL(tc.link)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestCheckLogo(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	png := "\x89PNG\r\n\x1a\n" + "rest"
	cases := map[string]struct {
		encoded, want string
	}{
		"png":         {encoded: b64(png)},
		"jpeg":        {encoded: b64("\xFF\xD8\xFF\xE0rest")},
		"gif":         {encoded: b64("GIF89arest")},
		"svg":         {encoded: b64("<svg xmlns='http://www.w3.org/2000/svg'/>"), want: "not a PNG, JPEG or GIF"},
		"not base64":  {encoded: "logo.png", want: "not base64"},
		"empty":       {encoded: "", want: "is empty"},
		"over 100 KB": {encoded: b64(png + strings.Repeat("x", MaxLogoBytes)), want: "Entra ID takes a logo of at most 102400 bytes"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := CheckLogo(tc.encoded)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
