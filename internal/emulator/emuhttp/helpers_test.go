package emuhttp

import "crypto/tls"

func mustClientConfig(ca *CA) *tls.Config { return &tls.Config{RootCAs: ca.Pool()} }
