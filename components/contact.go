package components

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// maxContactURL is the longest contact URL Location keeps, in bytes.
const maxContactURL = 512

// contactURL accepts a host's contact page as protocol.json's "contact"
// pattern does: https, a lower-case host with an optional port, then
// optionally a path (and query) of URL characters; no user, no fragment
// (the button adds its own), nothing that would need escaping.
func contactURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok || len(s) > maxContactURL {
		return false
	}
	host, path, hasPath := strings.Cut(rest, "/")
	name, port, hasPort := strings.Cut(host, ":")
	if name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
		return false
	}
	if hasPort && (len(port) < 1 || len(port) > 5 || strings.Trim(port, "0123456789") != "") {
		return false
	}
	return !hasPath || strings.Trim(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~!$&'()*+,;=:@%/?-") == ""
}

// contactLabel accepts the words of the contact button: 1 to 40
// characters, none of them a control character.
func contactLabel(s string) bool {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > 40 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// sameSite reports whether the contact URL c belongs to the site of the
// host page's origin o: the same host, or one is a subdomain of the other
// (help.example.com and example.com). A crafted link that names another
// site's contact page gets no button.
func sameSite(c, o string) bool {
	cu, err1 := url.Parse(c)
	ou, err2 := url.Parse(o)
	if err1 != nil || err2 != nil {
		return false
	}
	a, b := cu.Hostname(), ou.Hostname()
	return a != "" && b != "" && (a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a))
}
