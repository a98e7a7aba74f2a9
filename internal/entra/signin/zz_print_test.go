package signin

import "testing"

func TestZZPrint(t *testing.T) {
	e := startEmulator(t)
	e.srv.AddClientSecret(testClientID, testSecret)
	cfg := e.config()
	cfg.ClientSecret = "wrong~secret~that-must-not-leak"
	cfg.UseCLI = true
	cfg.UseMSI = true
	t.Setenv("IDENTITY_ENDPOINT", e.url+"/MSI/token")
	t.Setenv("IDENTITY_HEADER", "x")
	t.Log(signInError(t, cfg))
	_, pemBytes := newRSACertificate(t)
	cfg = e.config()
	cfg.ClientCertificatePath = writeFile(t, "c.pem", pemBytes)
	t.Log(signInError(t, cfg))
	cfg = e.config()
	cfg.UseMSI = true
	t.Log(signInError(t, cfg))
	cfg = e.config()
	cfg.UseOIDC = true
	cfg.OIDCRequestURL = e.url + "/_github/idtoken"
	cfg.OIDCRequestToken = "bad-token-1234"
	t.Log(signInError(t, cfg))
	cfg.OIDCRequestToken = e.srv.GitHubRequestToken()
	t.Log(signInError(t, cfg))
	cfg = e.config()
	cfg.UseOIDC = true
	cfg.OIDCTokenFilePath = "/nonexistent"
	cfg.UseCLI = true
	t.Setenv("PATH", t.TempDir())
	t.Log(signInError(t, cfg))
}
