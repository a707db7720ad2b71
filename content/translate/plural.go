package translate

import "strings"

// cldrOrder is CLDR's order of the plural categories.
var cldrOrder = []string{"zero", "one", "two", "few", "many", "other"}

// pluralForms is how a language's plurals travel in a PO file: its CLDR
// categories, in CLDR's order, are msgstr[0], msgstr[1]…, and the header's
// Plural-Forms says which one a number n takes — the same choice as CLDR's
// rule for whole numbers, so a translator's tool shows each form with the
// numbers it is for.
type pluralForms struct {
	cats    []string
	formula string // the Plural-Forms header's value
}

// plurals are the languages whose plurals fixflow can carry, by base
// language (the same set content/lint knows the CLDR rules of). A
// language not here can still be translated; only its interface words'
// plurals need it.
var plurals = map[string]pluralForms{
	"en": {[]string{"one", "other"}, "nplurals=2; plural=(n != 1);"},
	// Spanish: many is for millions ("1 millón de pasos").
	"es": {[]string{"one", "many", "other"}, "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"},
	"ar": {[]string{"zero", "one", "two", "few", "many", "other"},
		"nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 ? 4 : 5);"},
}

// base is a tag's language: "es" of "es-MX".
func base(tag string) string {
	b, _, _ := strings.Cut(tag, "-")
	return strings.ToLower(b)
}

// pluralsOf returns how lang's plurals travel, and whether fixflow knows.
func pluralsOf(lang string) (pluralForms, bool) {
	p, ok := plurals[base(lang)]
	return p, ok
}

// sameFormula reports whether two Plural-Forms values say the same thing,
// written alike but for spaces and a pair of parentheses around the
// formula (tools write both "plural=(n != 1)" and "plural=n != 1").
func sameFormula(a, b string) bool {
	return normFormula(a) == normFormula(b)
}

func normFormula(s string) string {
	s = strings.Join(strings.Fields(s), "")
	s = strings.TrimSuffix(s, ";")
	head, expr, ok := strings.Cut(s, "plural=")
	if !ok {
		return s
	}
	for strings.HasPrefix(expr, "(") && strings.HasSuffix(expr, ")") && closes(expr) {
		expr = expr[1 : len(expr)-1]
	}
	return head + "plural=" + expr
}

// closes reports whether the parenthesis that opens s closes at its end.
func closes(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i == len(s)-1
			}
		}
	}
	return false
}

// rightToLeft are the base languages written right to left: a new
// language's interface words get dir "rtl" (an existing file's dir is
// kept).
var rightToLeft = []string{"ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"}
