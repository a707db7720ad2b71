package components

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Location is what a widget URL says: which guide and step, the saved walk,
// and the display options a host page chose when embedding the widget.
//
//	/imessage-undelivered/check-wifi?s=<state>&embed=1&theme=dark
type Location struct {
	Guide string // guide id from the path; the default guide at "/"
	Step  string // step id from the path; "" for the guide's start
	State string // engine state (query "s")

	// Display options, kept on every link the widget renders.
	Embed  bool   // inside a host page's iframe ("embed=1")
	Theme  string // "light", "dark" or "" (auto)
	Accent string // "#rgb" or "#rrggbb"
	Radius string // corner radius in px, "0".."32"
	Lang   string // BCP 47 tag
	Origin string // the host page's origin, for postMessage
	WID    string // the widget's id on the host page
}

var (
	idPattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	accentPattern = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	langPattern   = regexp.MustCompile(`^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$`)
	statePattern  = regexp.MustCompile(`^[A-Za-z0-9._~-]*$`)
)

// ParseLocation reads a widget URL. Anything malformed is dropped rather than
// trusted: ids must be ids, colours must be hex, the origin must be an origin.
func ParseLocation(u *url.URL, defaultGuide string) Location {
	loc := Location{Guide: defaultGuide}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) > 0 && idPattern.MatchString(parts[0]) {
		loc.Guide = parts[0]
		if len(parts) > 1 && idPattern.MatchString(parts[1]) {
			loc.Step = parts[1]
		} else if len(parts) > 1 && parts[1] != "" {
			loc.Step = "?" // present but not an id: reported as an unknown step
		}
	}
	q := u.Query()
	if s := q.Get("s"); len(s) <= 2048 && statePattern.MatchString(s) {
		loc.State = s
	}
	loc.Embed = q.Get("embed") == "1"
	switch t := q.Get("theme"); t {
	case "light", "dark":
		loc.Theme = t
	}
	if a := q.Get("accent"); accentPattern.MatchString(a) {
		loc.Accent = a
	}
	if r, err := strconv.Atoi(q.Get("radius")); err == nil && r >= 0 && r <= 32 {
		loc.Radius = strconv.Itoa(r)
	}
	if l := q.Get("lang"); langPattern.MatchString(l) {
		loc.Lang = l
	}
	if o, err := url.Parse(q.Get("origin")); err == nil && (o.Scheme == "https" || o.Scheme == "http") &&
		o.Host != "" && o.Path == "" && o.RawQuery == "" && o.User == nil {
		loc.Origin = o.Scheme + "://" + o.Host
	}
	if w := q.Get("wid"); idPattern.MatchString(w) {
		loc.WID = w
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
	set("origin", l.Origin)
	set("wid", l.WID)
	u := "/" + l.Guide + "/" + step
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}
