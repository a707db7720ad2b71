package content

import "strings"

// Reference is the language every other is checked against: a guide's
// structure and the interface words are written first in it, and it is
// the last fallback.
const Reference = "en"

// Base is a language tag's language subtag, lower-cased: "es-MX" → "es".
func Base(tag string) string {
	b, _, _ := strings.Cut(tag, "-")
	return strings.ToLower(b)
}

// Match picks the language of have that serves a request for want: want
// itself (case aside), else one of the same base language ("es-MX" → "es",
// "es" → "es-ES"), else "" (ok false). have is in the order to prefer.
func Match(want string, have []string) (string, bool) {
	if want == "" {
		return "", false
	}
	for _, h := range have {
		if strings.EqualFold(h, want) {
			return h, true
		}
	}
	base := Base(want)
	for _, h := range have {
		// The base language itself first, then its other regions.
		if strings.EqualFold(h, base) {
			return h, true
		}
	}
	for _, h := range have {
		if Base(h) == base {
			return h, true
		}
	}
	return "", false
}

// Negotiate picks the language of have for a list of preferred languages
// (the browser's, most preferred first): the first that Match finds, else
// Reference when have has it, else have's first.
func Negotiate(prefs, have []string) string {
	for _, p := range prefs {
		if l, ok := Match(p, have); ok {
			return l
		}
	}
	return Fallback(have)
}

// Fallback is the language shown when nothing asked for one that is
// there: Reference, else the first of have.
func Fallback(have []string) string {
	for _, h := range have {
		if h == Reference {
			return h
		}
	}
	if len(have) > 0 {
		return have[0]
	}
	return Reference
}
