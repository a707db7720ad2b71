package site

import "strings"

// securityHeaders are sent with every widget page. script-src allows our own
// scripts and WebAssembly compilation ('wasm-unsafe-eval'), never inline
// script or eval; style-src allows our own style sheets only, no inline
// style (the host's accent and radius are set through the CSSOM, which the
// policy does not govern); frame-ancestors lists who may embed the widget;
// connect-src adds the origin of a stats collector that is another site's
// ("" for none).
func securityHeaders(embedOrigins []string, collector string) map[string]string {
	ancestors := "*"
	if len(embedOrigins) > 0 {
		ancestors = "'self' " + strings.Join(embedOrigins, " ")
	}
	connect := "'self'"
	if collector != "" {
		connect += " " + collector
	}
	csp := strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval'",
		"style-src 'self'",
		"img-src 'self' data:",
		"connect-src " + connect,
		"manifest-src 'self'",
		"worker-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors " + ancestors,
	}, "; ")
	return map[string]string{
		"Content-Security-Policy": csp,
		"Referrer-Policy":         "no-referrer",
		"X-Content-Type-Options":  "nosniff",
	}
}
