package components

import (
	"net/url"
	"strconv"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// Location is what a widget URL says: which guide and step, the saved walk,
// and the display options a host page chose when embedding the widget.
//
//	/imessage-undelivered/check-wifi?s=<state>&embed=1&theme=dark
type Location struct {
	Guide string // guide id from the path; the default guide at "/"
	Step  string // step id from the path; "" for the guide's start
	State string // engine state (query "s")

	// NotFound: the path is not a guide's start or one of its steps as far
	// as its form goes (a segment that is not an id, or too many segments).
	// Whether the guide and the step exist is for the library to say.
	NotFound bool

	// Ask is a fact to ask again at this step ("ask", from the line of
	// answered facts): a one-off, kept on no link (see AskURL).
	Ask string

	// Display options, kept on every link the widget renders.
	Embed  bool   // inside a host page's iframe ("embed=1")
	Theme  string // "light", "dark" or "" (auto)
	Accent string // "#rgb" or "#rrggbb"
	Radius string // corner radius in px, "0".."32"
	Lang   string // BCP 47 tag
	Stats  string // "off": the widget counts nothing (data-stats="off"); "" counts
	Origin string // the host page's origin, for postMessage
	WID    string // the widget's id on the host page

	// The host's own contact page, for a button on an escalation: an https
	// URL without a fragment ("contact"), and the button's words
	// ("contactlabel"). See contactURL for where the button is shown.
	Contact      string
	ContactLabel string
}

// ParseLocation reads a widget URL. Anything malformed is dropped rather than
// trusted: ids must be ids, colours must be hex, the origin must be an origin.
func ParseLocation(u *url.URL, defaultGuide string) Location {
	loc := Location{Guide: defaultGuide}
	if p := strings.Trim(u.Path, "/"); p != "" {
		guide, step, _ := strings.Cut(p, "/")
		loc.Guide, loc.Step = guide, step
		if !engine.ValidID(guide) || step != "" && !engine.ValidID(step) {
			loc.Guide, loc.Step, loc.NotFound = defaultGuide, "", true
		}
	}
	q := u.Query()
	if s := q.Get("s"); len(s) <= engine.MaxStateLen && stateString(s) {
		loc.State = s
	}
	loc.Embed = q.Get("embed") == "1"
	switch t := q.Get("theme"); t {
	case "light", "dark":
		loc.Theme = t
	}
	if a := q.Get("accent"); hexColour(a) {
		loc.Accent = a
	}
	if r := q.Get("radius"); radius(r) {
		loc.Radius = r
	}
	if l := q.Get("lang"); langTag(l) {
		loc.Lang = l
	}
	if q.Get("stats") == "off" {
		loc.Stats = "off"
	}
	if o := q.Get("origin"); origin(o) {
		loc.Origin = o
	}
	if w := q.Get("wid"); engine.ValidID(w) {
		loc.WID = w
	}
	if c := q.Get("contact"); contactURL(c) {
		loc.Contact = c
	}
	if l := q.Get("contactlabel"); contactLabel(l) {
		loc.ContactLabel = l
	}
	if a := q.Get("ask"); engine.ValidID(a) {
		loc.Ask = a
	}
	return loc
}

// StepURL is the URL of a step of the guide with the given saved walk,
// keeping this location's display options.
func (l Location) StepURL(step, state string) string {
	q := url.Values{}
	if state != "" {
		q.Set("s", state)
	}
	if l.Embed {
		q.Set("embed", "1")
	}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("theme", l.Theme)
	set("accent", l.Accent)
	set("radius", l.Radius)
	set("lang", l.Lang)
	set("stats", l.Stats)
	set("origin", l.Origin)
	set("wid", l.WID)
	set("contact", l.Contact)
	set("contactlabel", l.ContactLabel)
	u := "/" + l.Guide + "/" + step
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// AskURL is StepURL with the fact to ask again at the step.
func (l Location) AskURL(step, state, fact string) string {
	u := l.StepURL(step, state)
	if strings.Contains(u, "?") {
		return u + "&ask=" + fact
	}
	return u + "?ask=" + fact
}

// radius accepts a corner radius in px exactly as written canonically: "0"
// to "32", no sign, no leading zero.
func radius(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= 32 && s == strconv.Itoa(n)
}

// origin accepts an origin exactly as a browser writes one (location.origin):
// http or https, a lower-case host with an optional port, nothing else. A
// value that would need cleaning up is dropped, not cleaned: the frame
// script refuses it too.
func origin(s string) bool {
	u, err := url.Parse(s)
	defaultPort := u != nil && (u.Scheme == "https" && u.Port() == "443" || u.Scheme == "http" && u.Port() == "80")
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Hostname() != "" &&
		u.Scheme+"://"+u.Host == s && strings.ToLower(s) == s && !defaultPort
}

// stateString reports whether s only has the characters a state uses
// (URL-unreserved: A-Z a-z 0-9 . _ ~ -).
func stateString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '~' || c == '-') {
			return false
		}
	}
	return true
}

// hexColour accepts "#rgb" and "#rrggbb".
func hexColour(s string) bool {
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// langTag accepts a simple BCP 47 tag: 2-3 letters, then subtags of 2-8
// letters or digits.
func langTag(s string) bool {
	parts := strings.Split(s, "-")
	for i, p := range parts {
		min, max := 2, 8
		if i == 0 {
			max = 3
		}
		if len(p) < min || len(p) > max {
			return false
		}
		for j := 0; j < len(p); j++ {
			c := p[j] | 0x20
			if !(c >= 'a' && c <= 'z' || i > 0 && p[j] >= '0' && p[j] <= '9') {
				return false
			}
		}
	}
	return true
}
