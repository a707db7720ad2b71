// Package siteconfig reads a site's own configuration (fixflow serve
// -config site.json, fixflow export -config): the host's contacts for the
// guides' escalations, its brand (name, colour, logo) and the outcome
// statistics' token and collector. It is read as strictly as a guide, by
// content/lint's scanner: an unknown field, a duplicate key, a value of the
// wrong type or an invalid value is an error at its file:line:col.
//
//	{
//	  "brand": {"name": "Example Mobile Help", "short_name": "Help",
//	            "color": "#0b7a75", "logo": "logo.png"},
//	  "contacts": {
//	    "imessage-undelivered": {
//	      "en": {
//	        "carrier": {"name": "Example Mobile", "url": "https://example.com/support",
//	                    "phone": "+1 800 555 0100", "hours": "Every day, 8:00 to 22:00"}
//	      }
//	    }
//	  },
//	  "stats": {"token": "a-long-random-secret", "collector": "https://stats.example.com"}
//	}
package siteconfig

import (
	"bytes"
	"image"
	_ "image/png" // the logo
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
)

// Config is a site configuration file.
type Config struct {
	// Brand is the host's look: the installed app's name, its colour and
	// its icon.
	Brand Brand `json:"brand"`
	// Contacts override the contacts of the guides' outcomes (see Apply):
	// by guide id, then language tag, then contact kind ("carrier",
	// "apple-support"), a kind some outcome of that guide and language has.
	Contacts map[string]map[string]map[string]Contact `json:"contacts"`
	// Stats configures the outcome statistics.
	Stats Stats `json:"stats"`

	// LogoPNG is the logo file's content, read by Load.
	LogoPNG []byte `json:"-"`
}

// Brand is the host's name, colour and logo.
type Brand struct {
	Name      string `json:"name"`       // the installed app's name, up to 45 characters
	ShortName string `json:"short_name"` // under its icon, up to 12 characters; default: Name
	Color     string `json:"color"`      // #rgb or #rrggbb: the theme colour and the widget's default accent
	Logo      string `json:"logo"`       // a square PNG of at least 512 px, relative to the configuration file
}

// Contact is how to reach one of the host's contacts. Every field is
// optional, but a contact gives at least one.
type Contact struct {
	Name  string `json:"name"`  // who: "Example Mobile support"
	URL   string `json:"url"`   // an https page
	Phone string `json:"phone"` // digits, spaces, + ( ) . -
	Hours string `json:"hours"` // when they answer, in words
}

// Stats is where outcome statistics go and who may read them.
type Stats struct {
	Token     string `json:"token"`     // the secret /stats asks for: 16 to 128 characters, no spaces
	Collector string `json:"collector"` // the https URL an exported site sends its counts to
}

// Limits of the free-text fields, in characters.
const (
	maxName      = 45
	maxShortName = 12
	maxText      = 80
	minLogo      = 512
)

// Load reads and checks the configuration file at path against the guides
// of lib: every problem at its file:line:col, all of them at once (a
// lint.Problems).
func Load(path string, lib *content.Library) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, lib, os.DirFS(filepath.Dir(path)))
}

// Parse checks a configuration document named name; the logo's path is
// read from dir (the configuration file's directory).
func Parse(name string, data []byte, lib *content.Library, dir fs.FS) (*Config, error) {
	var c Config
	r := lint.Decode(name, data, &c, "site configuration")
	if err := r.Err(); err != nil {
		return nil, err
	}
	c.checkBrand(r, dir)
	c.checkContacts(r, lib)
	c.checkStats(r)
	if err := r.Err(); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *Config) checkBrand(r *lint.Report, dir fs.FS) {
	b := &c.Brand
	text(r, "brand.name", b.Name, maxName)
	text(r, "brand.short_name", b.ShortName, maxShortName)
	if b.Color != "" && !hexColor(b.Color) {
		r.At("brand.color", "want a colour as #rgb or #rrggbb, got %q", b.Color)
	}
	if b.Logo == "" {
		return
	}
	if !fs.ValidPath(b.Logo) || path.Ext(b.Logo) != ".png" {
		r.At("brand.logo", "want the path of a PNG file, relative to the configuration file and inside its directory, got %q", b.Logo)
		return
	}
	png, err := fs.ReadFile(dir, b.Logo)
	if err != nil {
		r.At("brand.logo", "cannot read the logo: %v", err)
		return
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(png))
	switch {
	case err != nil || format != "png":
		r.At("brand.logo", "%s is not a PNG image (%v)", b.Logo, err)
	case cfg.Width != cfg.Height || cfg.Width < minLogo:
		r.At("brand.logo", "%s is %dx%d px; want a square of at least %d px (it is the installed app's icon)", b.Logo, cfg.Width, cfg.Height, minLogo)
	default:
		c.LogoPNG = png
	}
}

func (c *Config) checkContacts(r *lint.Report, lib *content.Library) {
	for _, g := range sortedKeys(c.Contacts) {
		gp := lint.KeyPath("contacts", g)
		langs := map[string]*engine.Flow{}
		for _, f := range lib.Guides() {
			if f.ID == g {
				langs[f.Lang] = f
			}
		}
		if len(langs) == 0 {
			r.AtField(gp, "no guide %q; the guides are %s", g, strings.Join(guideIDs(lib), ", "))
			continue
		}
		for _, l := range sortedKeys(c.Contacts[g]) {
			lp := lint.KeyPath(gp, l)
			f := langs[l]
			if f == nil {
				r.AtField(lp, "guide %q has no language %q; it has %s", g, l, strings.Join(sortedKeys(langs), ", "))
				continue
			}
			kinds := contactKinds(f)
			for _, k := range sortedKeys(c.Contacts[g][l]) {
				kp := lint.KeyPath(lp, k)
				if !engine.ValidID(k) {
					r.AtField(kp, "contact kind %q is not an id (a-z, 0-9 and -, like carrier or apple-support)", k)
					continue
				}
				if !kinds[k] {
					r.AtField(kp, "no outcome of guide %q in %q has a contact of kind %q to put this one in place of; its contacts are of kind %s",
						g, l, k, strings.Join(sortedKeys(kinds), ", "))
					continue
				}
				checkContact(r, kp, c.Contacts[g][l][k])
			}
		}
	}
}

func checkContact(r *lint.Report, p string, ct Contact) {
	if ct == (Contact{}) {
		r.At(p, "an empty contact; give at least one of name, url, phone, hours")
		return
	}
	plain(r, p+".name", ct.Name, maxText)
	plain(r, p+".hours", ct.Hours, maxText)
	if ct.URL != "" && (!httpsURL(ct.URL, false) || engine.CheckLink(ct.URL) != nil) {
		r.At(p+".url", "want an https URL without user or fragment, got %q", ct.URL)
	}
	if ct.Phone != "" && !engine.ValidPhone(ct.Phone) {
		r.At(p+".phone", "want a phone number of digits, spaces and + ( ) . - (at most %d), got %q", engine.MaxPhoneLen, ct.Phone)
	}
}

// plain checks a text that shows as it is written, as a guide's plain
// texts are (a contact's name and hours take the place of a guide's): no
// markup characters, besides text's rules.
func plain(r *lint.Report, p, s string, max int) {
	text(r, p, s, max)
	if off, msg := lint.PlainProblem(s); off >= 0 {
		r.At(p, "%s (at character %d)", msg, utf8.RuneCountInString(s[:off])+1)
	}
}

// contactKinds are the kinds of the contacts of f's outcomes.
func contactKinds(f *engine.Flow) map[string]bool {
	kinds := map[string]bool{}
	for _, n := range f.Nodes {
		for _, ct := range n.Contacts {
			kinds[ct.Kind] = true
		}
	}
	return kinds
}

func (c *Config) checkStats(r *lint.Report) {
	if t := c.Stats.Token; t != "" && (len(t) < 16 || len(t) > 128 || strings.ContainsFunc(t, func(c rune) bool { return c <= ' ' || c >= 0x7f })) {
		r.At("stats.token", "want 16 to 128 printable ASCII characters without spaces (a long random secret)")
	}
	if c.Stats.Collector != "" && !httpsURL(c.Stats.Collector, true) {
		r.At("stats.collector", "want an https URL (http only for localhost), without user or fragment, got %q", c.Stats.Collector)
	}
}

// text checks a free-text field: at most max characters, no control
// characters.
func text(r *lint.Report, p, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		r.At(p, "%d characters; at most %d", n, max)
	}
	if strings.ContainsFunc(s, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
		r.At(p, "a control character (a line break, a tab); keep it on one line")
	}
}

func hexColor(s string) bool {
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return false
	}
	return strings.Trim(s[1:], "0123456789abcdefABCDEF") == ""
}

// httpsURL accepts an absolute https URL with a host, no user and no
// fragment; with localHTTP, also http to localhost or a loopback address.
func httpsURL(s string, localHTTP bool) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" || u.Opaque != "" || strings.ContainsAny(s, " \t\n\"<>") {
		return false
	}
	h := u.Hostname()
	return u.Scheme == "https" || localHTTP && u.Scheme == "http" && (h == "localhost" || h == "127.0.0.1" || h == "::1")
}

func guideIDs(lib *content.Library) []string {
	ids := map[string]bool{}
	for _, f := range lib.Guides() {
		ids[f.ID] = true
	}
	return sortedKeys(ids)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
