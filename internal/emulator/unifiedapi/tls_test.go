package unifiedapi

import "crypto/tls"

func testCAConfig() *tls.Config { return &tls.Config{RootCAs: testCA.Pool()} }
