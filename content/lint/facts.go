package lint

import (
	"slices"
	"strconv"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// checkFacts checks the facts a guide declares. It reports whether they
// are sound enough for conditions to be checked against them.
func checkFacts(f *engine.Flow, r *reporter) bool {
	before := len(r.probs)
	if len(f.Facts) > engine.MaxFacts {
		r.at("facts", "%d facts, over the limit of %d; ask fewer things", len(f.Facts), engine.MaxFacts)
	}
	ids := map[string]int{}
	for k := range f.Facts {
		fa := &f.Facts[k]
		p := indexPath("facts", k)
		if checkID(r, fieldPath(p, "id"), fa.ID, `the fact's id, e.g. "os"`) {
			if first, dup := ids[fa.ID]; dup {
				r.at(fieldPath(p, "id"), "duplicate fact id %q (also facts[%d]); ids must be unique", fa.ID, first)
			} else {
				ids[fa.ID] = k
			}
		}
		required(r, fieldPath(p, "question"), fa.Question, "the question that asks it, e.g. \"Which system version is on the phone?\"")
		required(r, fieldPath(p, "label"), fa.Label, "its short name for the line of answers, e.g. \"System\"")
		op := fieldPath(p, "options")
		if len(fa.Options) < MinQuestionOptions || len(fa.Options) > engine.MaxFactOptions {
			r.at(op, "a fact has %s; give %d to %d (\"I don't know\" is its unknown answer, not an option)", plural(len(fa.Options), "option"), MinQuestionOptions, engine.MaxFactOptions)
		}
		seen := map[string]int{}
		for j, o := range fa.Options {
			pp := indexPath(op, j)
			switch {
			case o.ID == engine.Unknown:
				r.at(fieldPath(pp, "id"), "option id %q is the answer \"I don't know\" of every fact (its unknown); give the option another id", o.ID)
			case checkID(r, fieldPath(pp, "id"), o.ID, `the option's id, which conditions name, e.g. "18"`):
				if first, dup := seen[o.ID]; dup {
					r.at(fieldPath(pp, "id"), "duplicate option id %q (also options[%d]); ids must be unique within a fact", o.ID, first)
				} else {
					seen[o.ID] = j
				}
			}
			required(r, fieldPath(pp, "label"), o.Label, "the option's label")
			if o.Detect != nil {
				checkDetect(r, fa, fieldPath(pp, "detect"), j)
			}
		}
		up := fieldPath(p, "unknown")
		required(r, fieldPath(up, "label"), fa.Unknown.Label, "the label of the answer \"I don't know\"")
		required(r, fieldPath(up, "help"), fa.Unknown.Help, "how to find out (markup), for someone who does not know")
		if fa.Detect != "" && !slices.Contains(engine.Detectors, fa.Detect) {
			r.at(fieldPath(p, "detect"), "unknown detector %q; the browser side knows %s", fa.Detect, quoteList(engine.Detectors))
		}
	}
	return len(r.probs) == before
}

// checkDetect checks what option j of fact fa says a detector must find;
// p is the path of its detect.
func checkDetect(r *reporter, fa *engine.Fact, p string, j int) {
	d := fa.Options[j].Detect
	if fa.Detect == "" {
		r.atField(p, "the fact names no detector (detect), so nothing detects this option; remove it or name a detector on the fact")
		return
	}
	if d.From < 0 || d.To < 0 || (d.From > 0 && d.To > 0 && d.From > d.To) {
		r.at(p, "from %d to %d is not a range of versions; give from ≤ to, 0 or left out for an open end", d.From, d.To)
	}
	if d.From == 0 && d.To == 0 && len(d.Also) == 0 {
		r.at(p, "an empty detect; give from, to or also")
	}
	for k, v := range d.Also {
		if !majorMinor(v) {
			r.at(indexPath(fieldPath(p, "also"), k), "%q is not a version major.minor, e.g. \"18.6\"", v)
		}
	}
	if d.From == 0 && d.To == 0 {
		return
	}
	for i, o := range fa.Options[:j] {
		e := o.Detect
		if e == nil || e.From == 0 && e.To == 0 {
			continue
		}
		lo, hi := max(d.From, e.From), min(upper(d.To), upper(e.To))
		if lo <= hi {
			r.at(p, "versions %d to %s are also options[%d]'s; ranges must not overlap (a version reported for two options is listed in also)", lo, bound(hi), i)
		}
	}
}

func upper(to int) int {
	if to == 0 {
		return int(^uint(0) >> 1)
	}
	return to
}

func bound(n int) string {
	if n == upper(0) {
		return "any"
	}
	return strconv.Itoa(n)
}

// majorMinor accepts "18.6": two whole numbers without leading zeros.
func majorMinor(v string) bool {
	a, b, ok := strings.Cut(v, ".")
	num := func(s string) bool {
		n, err := strconv.Atoi(s)
		return err == nil && n >= 0 && strconv.Itoa(n) == s
	}
	return ok && num(a) && num(b)
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// condition is one condition of a guide and where it is.
type condition struct {
	path string
	c    engine.Condition
}

// conditions lists every condition written in a guide, with its path.
func conditions(f *engine.Flow) []condition {
	var out []condition
	for i := range f.Nodes {
		p := indexPath("nodes", i)
		f.Nodes[i].EachCondition(func(at engine.Place, c engine.Condition) {
			if c != nil {
				out = append(out, condition{fieldPath(placePath(p, at), "when"), c})
			}
		})
	}
	return out
}

// placePath is the path of the item at a place of the node at path p.
func placePath(p string, at engine.Place) string {
	if at.Part == "" {
		return p
	}
	p = indexPath(fieldPath(p, at.Part), at.Index)
	if at.Step >= 0 {
		p = indexPath(fieldPath(p, "steps"), at.Step)
	}
	return p
}

// checkConditions checks that every condition names declared facts and
// their option ids, and that every fact is named by some condition. It
// reports whether all conditions are sound.
func checkConditions(f *engine.Flow, r *reporter, factsOK bool) bool {
	before := len(r.probs)
	used := map[string]bool{}
	var factIDs []string
	for _, fa := range f.Facts {
		factIDs = append(factIDs, fa.ID)
	}
	for _, cd := range conditions(f) {
		if len(cd.c) == 0 {
			r.at(cd.path, "an empty condition always holds; remove when, or name a fact and its values")
			continue
		}
		ids := make([]string, 0, len(cd.c))
		for id := range cd.c {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			vp := keyPath(cd.path, id)
			fa := f.Fact(id)
			if fa == nil {
				msg := "unknown fact %q; declare it in facts"
				if m := closest(id, factIDs); m != "" {
					msg = "unknown fact %q; did you mean " + strconv.Quote(m) + "?"
				}
				r.atField(vp, msg, id)
				continue
			}
			used[id] = true
			vals := cd.c[id]
			if len(vals) == 0 {
				r.at(vp, "no values: the condition could never hold; list the option ids of %q it holds for", id)
			}
			var optIDs []string
			for _, o := range fa.Options {
				optIDs = append(optIDs, o.ID)
			}
			for k, v := range vals {
				ip := indexPath(vp, k)
				switch {
				case v == engine.Unknown:
					r.at(ip, "%q is not a value to name: an unknown answer satisfies every condition; list option ids of %q", v, id)
				case fa.Option(v) == nil:
					if m := closest(v, optIDs); m != "" {
						r.at(ip, "fact %q has no option %q; did you mean %q?", id, v, m)
					} else {
						r.at(ip, "fact %q has no option %q; its options are %s", id, v, quoteList(optIDs))
					}
				case slices.Index(vals, v) < k:
					r.at(ip, "%q is listed twice; keep one", v)
				}
			}
		}
	}
	if factsOK {
		for k, fa := range f.Facts {
			if !used[fa.ID] {
				r.at(fieldPath(indexPath("facts", k), "id"), "fact %q is never used: no condition names it, so it would never be asked; name it in a when, or remove it", fa.ID)
			}
		}
	}
	return len(r.probs) == before
}
