// Package emuhttp holds what every emulated service shares: a request log
// with counts by route, fault injection (latency, throttling, server errors,
// gateway answers with an HTML or empty body, and writes committed whose
// answer is then lost: a 504 or a dropped connection)
// and a TLS certificate authority whose PEM file an out-of-process provider
// can trust through SSL_CERT_FILE.
//
// It depends on nothing but the standard library so that the service
// emulators (login, graphapi, unifiedapi) stay independent of each other and
// of the provider they are used to test.
package emuhttp
