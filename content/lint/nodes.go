package lint

import (
	"slices"
	"strconv"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// nodeField is a field that only some kinds of node may have.
type nodeField struct {
	name  string
	set   func(n *engine.Node) bool
	kinds []engine.Kind
	what  string // which nodes it is for, for messages
}

// kindFields lists the fields that belong to some kinds only (id, kind,
// title and body belong to every node).
var kindFields = []nodeField{
	{"when", func(n *engine.Node) bool { return len(n.When) > 0 }, []engine.Kind{engine.KindCheck, engine.KindInfo}, "checks and infos"},
	{"options", func(n *engine.Node) bool { return len(n.Options) > 0 }, []engine.Kind{engine.KindQuestion}, "questions"},
	{"why", func(n *engine.Node) bool { return n.Why != "" }, []engine.Kind{engine.KindCheck}, "checks"},
	{"steps", func(n *engine.Node) bool { return len(n.Steps) > 0 }, []engine.Kind{engine.KindCheck}, "checks"},
	{"paths", func(n *engine.Node) bool { return len(n.Paths) > 0 }, []engine.Kind{engine.KindCheck}, "checks"},
	{"warning", func(n *engine.Node) bool { return n.Warning != "" }, []engine.Kind{engine.KindCheck}, "checks"},
	{"models", func(n *engine.Node) bool { return len(n.Models) > 0 }, []engine.Kind{engine.KindCheck}, "checks"},
	{"links", func(n *engine.Node) bool { return len(n.Links) > 0 }, []engine.Kind{engine.KindCheck, engine.KindInfo}, "checks and infos"},
	{"sources", func(n *engine.Node) bool { return len(n.Sources) > 0 }, []engine.Kind{engine.KindCheck}, "checks"},
	{"verified", func(n *engine.Node) bool { return n.Verified != nil }, []engine.Kind{engine.KindCheck}, "checks"},
	{"fixed", func(n *engine.Node) bool { return n.Fixed != "" }, []engine.Kind{engine.KindCheck}, "checks"},
	{"next", func(n *engine.Node) bool { return n.Next != "" }, []engine.Kind{engine.KindCheck, engine.KindInfo}, "checks and infos"},
	{"cant_find", func(n *engine.Node) bool { return n.CantFind != "" }, []engine.Kind{engine.KindCheck}, "checks"},
	{"recipient", func(n *engine.Node) bool { return n.Recipient }, []engine.Kind{engine.KindCheck, engine.KindInfo}, "checks and infos"},
	{"result", func(n *engine.Node) bool { return n.Result != "" }, []engine.Kind{engine.KindOutcome}, "outcomes"},
	{"contacts", func(n *engine.Node) bool { return len(n.Contacts) > 0 }, []engine.Kind{engine.KindOutcome}, "outcomes"},
	{"wait", func(n *engine.Node) bool { return n.Wait != nil }, []engine.Kind{engine.KindOutcome}, "wait outcomes"},
	{"workaround", func(n *engine.Node) bool { return n.Workaround != nil }, []engine.Kind{engine.KindOutcome}, "workaround outcomes"},
}

// checkNodes checks each node on its own and ids across nodes. It returns
// the position of each id's first node.
func checkNodes(f *engine.Flow, r *reporter) map[string]int {
	ids := make(map[string]int, len(f.Nodes))
	for k := range f.Nodes {
		n := &f.Nodes[k]
		p := indexPath("nodes", k)
		// A badly formed id is reported but still names its node, so that
		// references to it do not report again.
		checkID(r, fieldPath(p, "id"), n.ID, "the node's id")
		if n.ID != "" {
			if first, dup := ids[n.ID]; dup {
				r.at(fieldPath(p, "id"), "duplicate node id %q (also nodes[%d]); ids must be unique", n.ID, first)
			} else {
				ids[n.ID] = k
			}
		}
		required(r, fieldPath(p, "title"), n.Title, "the node's title")
		switch n.Kind {
		case engine.KindQuestion, engine.KindCheck, engine.KindInfo, engine.KindOutcome:
		case "":
			r.at(fieldPath(p, "kind"), "missing kind; give question, check, info or outcome")
			continue
		default:
			r.at(fieldPath(p, "kind"), "unknown kind %q; want question, check, info or outcome", n.Kind)
			continue
		}
		for _, fd := range kindFields {
			if fd.set(n) && !hasKind(fd.kinds, n.Kind) {
				r.atField(fieldPath(p, fd.name), "a %s has no %s (only %s do); remove it", n.Kind, fd.name, fd.what)
			}
		}
		switch n.Kind {
		case engine.KindQuestion:
			checkQuestion(r, p, n)
		case engine.KindCheck:
			checkCheck(r, p, n)
			checkSources(r, p, n, r.now)
		case engine.KindInfo:
			required(r, fieldPath(p, "body"), n.Body, "the text the info explains")
			if n.Next == "" {
				r.at(fieldPath(p, "next"), "missing next: the info is a dead end; set next to the node \"Continue\" leads to")
			}
		case engine.KindOutcome:
			checkOutcome(r, p, n)
		}
		checkLinks(r, p, n)
	}
	return ids
}

func hasKind(ks []engine.Kind, k engine.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func checkQuestion(r *reporter, p string, n *engine.Node) {
	op := fieldPath(p, "options")
	if len(n.Options) < MinQuestionOptions || len(n.Options) > MaxQuestionOptions {
		r.at(op, "a question has %s; give %d to %d", plural(len(n.Options), "option"), MinQuestionOptions, MaxQuestionOptions)
	}
	seen := map[string]int{}
	for k, opt := range n.Options {
		pp := indexPath(op, k)
		if checkID(r, fieldPath(pp, "id"), opt.ID, `the option's id, stable across languages (scenarios and statistics name it), e.g. "red-bang"`) {
			if first, dup := seen[opt.ID]; dup {
				r.at(fieldPath(pp, "id"), "duplicate option id %q (also options[%d]); ids must be unique within a question", opt.ID, first)
			} else {
				seen[opt.ID] = k
			}
		}
		required(r, fieldPath(pp, "label"), opt.Label, "the option's label")
		if opt.Next == "" {
			r.at(fieldPath(pp, "next"), "missing next: the option is a dead end; set next to the node it leads to")
		}
	}
}

func checkCheck(r *reporter, p string, n *engine.Node) {
	if len(n.Steps) == 0 && len(n.Models) == 0 && len(n.Paths) == 0 {
		r.at(p, "a check needs something to try; give steps, models or paths")
	}
	if n.Fixed == "" {
		r.at(fieldPath(p, "fixed"), "missing fixed; set it to the resolved outcome \"Yes, that fixed it\" leads to")
	}
	if n.Next == "" {
		r.at(fieldPath(p, "next"), "missing next: the check is a dead end; set next to the node \"No\" leads to")
	}
	if n.CantFind != "" && n.CantFind == n.ID {
		r.at(fieldPath(p, "cant_find"), "cant_find leads back to this check; lead it where someone who cannot find the setting should go next")
	}
	checkSteps(r, fieldPath(p, "steps"), n.Steps)
	for k, sp := range n.Paths {
		pp := indexPath(fieldPath(p, "paths"), k)
		for j := range k {
			if sameCondition(n.Paths[j].When, sp.When) {
				r.at(pp, "paths[%d] has the same condition; give each condition one path", j)
				break
			}
		}
		if len(sp.Path) == 0 {
			r.at(fieldPath(pp, "path"), "empty path; list where the setting is, e.g. [\"Settings\", \"Wi-Fi\"]")
		}
		for j, seg := range sp.Path {
			if strings.TrimSpace(seg) == "" {
				r.at(indexPath(fieldPath(pp, "path"), j), "empty path segment; name the screen or remove the entry")
			}
		}
	}
	for k, m := range n.Models {
		mp := indexPath(fieldPath(p, "models"), k)
		if len(m.When) == 0 {
			r.at(fieldPath(mp, "when"), "a model's steps need a condition: the devices they are for, e.g. {\"model\": [\"home-button\"]}")
		}
		for j := range k {
			if len(m.When) > 0 && sameCondition(n.Models[j].When, m.When) {
				r.at(fieldPath(mp, "when"), "models[%d] has the same condition; merge their steps", j)
				break
			}
		}
		if len(m.Steps) == 0 {
			r.at(fieldPath(mp, "steps"), "no steps; list what to do on these devices")
		}
		checkSteps(r, fieldPath(mp, "steps"), m.Steps)
	}
}

// sameCondition reports whether two conditions name the same facts with
// the same values, in any order.
func sameCondition(a, b engine.Condition) bool {
	if len(a) != len(b) {
		return false
	}
	for id, va := range a {
		vb, ok := b[id]
		if !ok || len(va) != len(vb) {
			return false
		}
		for _, v := range va {
			if !slices.Contains(vb, v) {
				return false
			}
		}
	}
	return true
}

func checkSteps(r *reporter, p string, steps []engine.Instruction) {
	if len(steps) > MaxCheckSteps {
		r.at(p, "%d steps, over the limit of %d; split the check", len(steps), MaxCheckSteps)
	}
	for k, st := range steps {
		sp := indexPath(p, k)
		if strings.TrimSpace(st.Text) == "" {
			r.at(r.textPath(sp), "empty step; write it or remove it")
		}
		if st.Warning != "" && strings.TrimSpace(st.Warning) == "" {
			r.at(fieldPath(sp, "warning"), "empty warning; say what the step can cost, or remove it")
		}
		if st.Image != nil {
			checkImage(r, fieldPath(sp, "image"), st.Image)
		}
	}
}

func checkOutcome(r *reporter, p string, n *engine.Node) {
	switch n.Result {
	case engine.ResultResolved:
		if len(n.Contacts) > 0 {
			r.atField(fieldPath(p, "contacts"), "a resolved outcome has no contacts (escalate, wait and workaround outcomes may); remove them")
		}
	case engine.ResultEscalate:
		if len(n.Contacts) == 0 {
			r.at(fieldPath(p, "contacts"), "an escalate outcome needs at least one contact: who to turn to, why, and what to tell them")
		}
	case engine.ResultWait:
		if n.Wait == nil {
			r.at(fieldPath(p, "wait"), "a wait outcome needs wait: {\"for\": what to wait for, \"hours\": about how long}")
		}
	case engine.ResultWorkaround:
		if n.Workaround == nil {
			r.at(fieldPath(p, "workaround"), "a workaround outcome needs workaround: {\"now\": what works now, \"remains\": what is still wrong}")
		}
	case "":
		r.at(fieldPath(p, "result"), "missing result; give %s", resultList())
	default:
		r.at(fieldPath(p, "result"), "result %q is not %s", n.Result, resultList())
	}
	if n.Wait != nil {
		wp := fieldPath(p, "wait")
		if n.Result != engine.ResultWait {
			r.atField(wp, "only a wait outcome waits; remove wait or make the result \"wait\"")
		}
		required(r, fieldPath(wp, "for"), n.Wait.For, "what to wait for")
		if n.Wait.Hours < 1 || n.Wait.Hours > MaxWaitHours {
			r.at(fieldPath(wp, "hours"), "hours is %d; give about how long to wait, 1 to %d", n.Wait.Hours, MaxWaitHours)
		}
	}
	if n.Workaround != nil {
		wp := fieldPath(p, "workaround")
		if n.Result != engine.ResultWorkaround {
			r.atField(wp, "only a workaround outcome has a workaround; remove it or make the result \"workaround\"")
		}
		required(r, fieldPath(wp, "now"), n.Workaround.Now, "what works for now")
		required(r, fieldPath(wp, "remains"), n.Workaround.Remains, "what is still wrong")
	}
	kinds := map[string]int{}
	for k, ct := range n.Contacts {
		cp := indexPath(fieldPath(p, "contacts"), k)
		if checkID(r, fieldPath(cp, "kind"), ct.Kind, `the contact's kind, an id the same across the guide's outcomes and languages, e.g. "carrier"`) {
			if first, dup := kinds[ct.Kind]; dup {
				r.at(fieldPath(cp, "kind"), "contacts[%d] is also of kind %q; give each kind one contact per outcome", first, ct.Kind)
			} else {
				kinds[ct.Kind] = k
			}
		}
		required(r, fieldPath(cp, "who"), ct.Who, "who to contact")
		required(r, fieldPath(cp, "why"), ct.Why, "why to contact them")
		if ct.URL != "" {
			if err := engine.CheckLink(ct.URL); err != nil {
				r.at(fieldPath(cp, "url"), "%v", err)
			}
		}
		if ct.Phone != "" && !engine.ValidPhone(ct.Phone) {
			r.at(fieldPath(cp, "phone"), "phone %q is not a phone number: digits, spaces and + ( ) . -, at most %d", ct.Phone, engine.MaxPhoneLen)
		}
	}
}

// resultList is the results an outcome may have, in words.
func resultList() string {
	q := make([]string, len(engine.Results))
	for i, res := range engine.Results {
		q[i] = strconv.Quote(res)
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

func checkLinks(r *reporter, p string, n *engine.Node) {
	for k, l := range n.Links {
		lp := indexPath(fieldPath(p, "links"), k)
		required(r, fieldPath(lp, "label"), l.Label, "the link's label")
		if err := engine.CheckLink(l.URL); err != nil {
			r.at(fieldPath(lp, "url"), "%v", err)
		}
	}
}

// plural formats n things: "1 option", "3 options".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}
