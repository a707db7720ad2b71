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

// ValidTag accepts a language tag as fixflow's files and URLs write it,
// language[-Script][-REGION] in canonical case: "en", "pt-BR", "zh-Hant",
// "zh-Hant-TW", "es-419", "en-XA". A guide id (lower-case, see
// engine.ValidID) is never one unless it is a bare language code ("es"),
// which lint refuses as a guide id: a path's first segment that is a
// ValidTag is a language prefix (/es/<guide>/<step>).
func ValidTag(tag string) bool {
	parts := strings.Split(tag, "-")
	if !isAlpha(parts[0], 'a', 'z') || len(parts[0]) < 2 || len(parts[0]) > 3 {
		return false
	}
	parts = parts[1:]
	if len(parts) > 0 && len(parts[0]) == 4 && isAlpha(parts[0][:1], 'A', 'Z') && isAlpha(parts[0][1:], 'a', 'z') {
		parts = parts[1:]
	}
	if len(parts) > 0 && ((len(parts[0]) == 2 && isAlpha(parts[0], 'A', 'Z')) || (len(parts[0]) == 3 && isAlpha(parts[0], '0', '9'))) {
		parts = parts[1:]
	}
	return len(parts) == 0
}

func isAlpha(s string, lo, hi byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < lo || s[i] > hi {
			return false
		}
	}
	return s != ""
}
