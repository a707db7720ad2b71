package site

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/fixflow/fixflow/components"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/pseudo"
)

// Which language a page is in (docs/translating.md says it for authors):
//
//  1. The URL names it: a path prefix, /es/<guide>/<step> (the canonical
//     URL of every language but English, whose canonical URLs have none;
//     /en/… is English chosen explicitly), or the lang parameter (an
//     embed's data-lang). Matched with base-language fallback (es-MX → es,
//     then English).
//  2. Otherwise it is negotiated. The server has the request's
//     Accept-Language (and says Vary: Accept-Language); the page script
//     then has the choice kept on this device from the language switch and
//     navigator.languages, and sends a page in another language than the
//     user's to the URL that names theirs (web/fixflow.js); the wasm
//     resolves a URL that names none the same way (components.Guide).
//
// A page negotiated to a language other than English is the same page as
// that language's canonical one (its links name the language), so the
// server sends the one prerendered for /es/… at the unprefixed URL too.

// acceptLanguages are the language tags of an Accept-Language header,
// most preferred first (by q, then order); "*" and q=0 are left out.
func acceptLanguages(h string) []string {
	type pref struct {
		tag string
		q   float64
	}
	var prefs []pref
	for part := range strings.SplitSeq(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.TrimSpace(tag)
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.TrimSpace(k) == "q" {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				} else {
					q = 0
				}
			}
		}
		if tag == "" || tag == "*" || q == 0 || len(tag) > 35 {
			continue
		}
		prefs = append(prefs, pref{tag, q})
		if len(prefs) == 32 {
			break
		}
	}
	sort.SliceStable(prefs, func(i, j int) bool { return prefs[i].q > prefs[j].q })
	out := make([]string, len(prefs))
	for i, p := range prefs {
		out[i] = p.tag
	}
	return out
}

// namesLanguage says whether a URL names its language (a path prefix or
// a lang parameter); a page at one that does not is negotiated.
func namesLanguage(u *url.URL) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	return content.ValidTag(first) || u.Query().Get("lang") != ""
}

// negotiated is the language a page at u (a URL that names none) is in for
// a request preferring prefs: among the languages of the guide its path
// names ("/" and an unknown guide: the default guide's).
func (s *Site) negotiated(u *url.URL, prefs []string) string {
	guide, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/")
	langs := s.lib.Langs(guide)
	if len(langs) == 0 {
		langs = s.lib.Langs(s.def)
	}
	return content.Negotiate(prefs, langs)
}

// inLang is the prerendered path that holds what path p (no language in
// it) shows in lang: p itself in English, else p under the language's
// prefix.
func inLang(p, lang string) string {
	if lang == content.Reference {
		return p
	}
	if p == "/" {
		return "/" + lang
	}
	return "/" + lang + p
}

// pagePaths are the URLs of every page without a walk state: "/", each
// language's home ("/es": the default guide's start), and each guide's
// start and steps at their canonical path in each of its languages.
func pagePaths(lib *content.Library, def string) []string {
	paths := []string{"/"}
	for _, lang := range lib.Langs(def) {
		if lang != content.Reference {
			paths = append(paths, "/"+lang)
		}
	}
	for _, f := range lib.Guides() {
		paths = append(paths, components.CanonicalURL(f.ID, "", f.Lang))
		for _, n := range f.Nodes {
			paths = append(paths, components.CanonicalURL(f.ID, n.ID, f.Lang))
		}
	}
	for i, p := range paths {
		paths[i] = trimSlash(p)
	}
	return dedupe(paths)
}

// langFiles are, for each language, what the service worker keeps once a
// page in that language has been shown (see app-worker.js): each guide in
// it, its interface words and the canonical page of every step of each
// guide in it.
func langFiles(lib *content.Library, def string) map[string][]string {
	out := map[string][]string{}
	for _, lang := range lib.StringsLangs() {
		out[lang] = []string{components.StringsURL(lang)}
		if lang != content.Reference && slices.Contains(lib.Langs(def), lang) {
			out[lang] = append(out[lang], "/"+lang)
		}
	}
	for _, f := range lib.Guides() {
		files, ok := out[f.Lang]
		if !ok {
			continue
		}
		files = append(files, components.GuideURL(f.ID, f.Lang), trimSlash(components.CanonicalURL(f.ID, "", f.Lang)))
		for _, n := range f.Nodes {
			files = append(files, components.CanonicalURL(f.ID, n.ID, f.Lang))
		}
		out[f.Lang] = files
	}
	return out
}

// index is the site's index: the guides, their languages, and the default
// guide.
func index(lib *content.Library, def string) content.Index {
	x := lib.Index()
	x.Default = def
	return x
}

// indexJSON is the index as JSON (components.IndexJSONURL).
func indexJSON(x content.Index) []byte {
	b, err := json.Marshal(x)
	if err != nil {
		panic(err) // strings and slices of strings always encode
	}
	return b
}

// compactType is the media type of the compact form (content.MarshalFlow).
const compactType = "text/plain; charset=utf-8"

// setLanguageHeaders says which language a page is in, and whether the
// request's Accept-Language chose it.
func setLanguageHeaders(h http.Header, lang string, negotiated bool) {
	h.Set("Content-Language", lang)
	if negotiated {
		h.Add("Vary", "Accept-Language")
	}
}

// patchWorker writes into the service worker each language's files and
// the reference language (see app-worker.js).
func patchWorker(js []byte, files map[string][]string) ([]byte, error) {
	const mark = `/*fixflow:languages*/{ reference: "en", files: {} }`
	if strings.Count(string(js), mark) != 1 {
		return nil, errors.New("app-worker.js has no languages to fill in: review patchWorker")
	}
	data, err := json.Marshal(map[string]any{"reference": content.Reference, "files": files})
	if err != nil {
		return nil, err
	}
	return []byte(strings.Replace(string(js), mark, string(data), 1)), nil
}

// Pseudo-locales (en-XA, ar-XB: content/pseudo) are served only by a
// development server (fixflow serve -dev-locales): their pages work as any
// language's, but no sitemap or alternate link names them, and a site
// with them is never exported.

// devLangs are the pseudo-locales among the library's languages.
func devLangs(lib *content.Library) []string {
	var out []string
	for _, l := range lib.StringsLangs() {
		if pseudo.IsPseudo(l) {
			out = append(out, l)
		}
	}
	return out
}

// listed says whether a language is named to the world (the sitemap, the
// alternates of a page): every language but a pseudo-locale.
func listed(lang string) bool { return !pseudo.IsPseudo(lang) }

// listedPath says whether a page's path is in a listed language (a path
// without a language prefix is).
func listedPath(p string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return !content.ValidTag(first) || listed(first)
}
