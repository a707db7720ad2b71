package content

// PluralOrder is CLDR's order of the plural categories.
var PluralOrder = []string{"zero", "one", "two", "few", "many", "other"}

// pluralRule is a language's CLDR cardinal plural rule for whole numbers:
// the categories it uses, in CLDR's order, and the category of n ≥ 0.
type pluralRule struct {
	cats []string
	of   func(n int) string
}

// pluralRules are the rules of the languages fixflow knows, by base
// language (CLDR 46, whole numbers only: the interface counts steps, hours
// and days). A language of another base needs its rule here before its
// strings file lints (see docs/translating.md); pseudo-locales take their
// base's (en-XA is en, ar-XB is ar).
var pluralRules = map[string]pluralRule{
	"en": {[]string{"one", "other"}, func(n int) string {
		if n == 1 {
			return "one"
		}
		return "other"
	}},
	// Spanish: many is for millions ("1 millón de pasos"): e = 0 and
	// i != 0 and i % 1000000 = 0.
	"es": {[]string{"one", "many", "other"}, func(n int) string {
		switch {
		case n == 1:
			return "one"
		case n != 0 && n%1000000 == 0:
			return "many"
		}
		return "other"
	}},
	"ar": {[]string{"zero", "one", "two", "few", "many", "other"}, func(n int) string {
		switch m := n % 100; {
		case n == 0:
			return "zero"
		case n == 1:
			return "one"
		case n == 2:
			return "two"
		case m >= 3 && m <= 10:
			return "few"
		case m >= 11:
			return "many"
		}
		return "other"
	}},
}

// PluralCategories lists the categories a language's plurals need, in
// CLDR's order; ok is false when fixflow has no rule for the language.
func PluralCategories(lang string) (cats []string, ok bool) {
	r, ok := pluralRules[Base(lang)]
	return r.cats, ok
}

// PluralCategory is the category of the count n in lang; "other" where
// fixflow has no rule for lang.
func PluralCategory(lang string, n int) string {
	r, ok := pluralRules[Base(lang)]
	if !ok {
		return "other"
	}
	if n < 0 {
		n = -n
	}
	return r.of(n)
}
