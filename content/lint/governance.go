package lint

import (
	"time"

	engine "github.com/fixflow/fixflow/app"
)

// DefaultMaxAge is how long a check's verification holds before lint warns
// that it should be checked again (Options.MaxAge).
const DefaultMaxAge = 365 * 24 * time.Hour

// dateLayout is how a verification's date is written.
const dateLayout = "2006-01-02"

// checkSources checks a check's sources and verification where they are
// written: sources are https links, and a verification names the version
// checked on and a real date, not in the future (now, when not zero).
func checkSources(r *reporter, p string, n *engine.Node, now time.Time) {
	for k, src := range n.Sources {
		if err := engine.CheckLink(src); err != nil {
			r.at(indexPath(fieldPath(p, "sources"), k), "%v", err)
		}
	}
	v := n.Verified
	if v == nil {
		return
	}
	vp := fieldPath(p, "verified")
	required(r, fieldPath(vp, "version"), v.Version, "the system version the check was verified on, e.g. \"26.1\"")
	switch d, err := time.Parse(dateLayout, v.Date); {
	case v.Date == "":
		r.at(fieldPath(vp, "date"), "missing or empty; give the day the check was verified, as YYYY-MM-DD")
	case err != nil:
		r.at(fieldPath(vp, "date"), "date %q is not a day written YYYY-MM-DD, e.g. \"2026-11-20\"", v.Date)
	case !now.IsZero() && d.After(now):
		r.at(fieldPath(vp, "date"), "date %s is in the future; give the day the check was verified", v.Date)
	}
}

// governance warns about the checks whose sources or verification are
// missing, or whose verification is older than maxAge at now (maxAge < 0:
// never).
func governance(r *reporter, f *engine.Flow, now time.Time, maxAge time.Duration) {
	for k := range f.Nodes {
		n := &f.Nodes[k]
		if n.Kind != engine.KindCheck {
			continue
		}
		p := indexPath("nodes", k)
		switch {
		case len(n.Sources) == 0 && n.Verified == nil:
			r.at(p, "check %q names no sources and was never verified; list the https pages its advice rests on in sources, and say when it was last checked against them in verified: {\"version\": …, \"date\": \"YYYY-MM-DD\"}", n.ID)
			continue
		case len(n.Sources) == 0:
			r.at(p, "check %q names no sources; list the https pages its advice rests on in sources", n.ID)
		case n.Verified == nil:
			r.at(p, "check %q was never verified; say when it was last checked against its sources in verified: {\"version\": …, \"date\": \"YYYY-MM-DD\"}", n.ID)
			continue
		}
		d, err := time.Parse(dateLayout, n.Verified.Date)
		if err != nil || maxAge < 0 {
			continue
		}
		if age := now.Sub(d); age > maxAge {
			r.at(fieldPath(fieldPath(p, "verified"), "date"), "check %q was verified on %s, %d days ago, more than %d; check it against its sources again and update verified",
				n.ID, n.Verified.Date, int(age.Hours()/24), int(maxAge.Hours()/24))
		}
	}
}
