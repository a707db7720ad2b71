package lint

import (
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
	{"options", func(n *engine.Node) bool { return len(n.Options) > 0 }, []engine.Kind{engine.KindQuestion}, "questions"},
	{"why", func(n *engine.Node) bool { return n.Why != "" }, []engine.Kind{engine.KindCheck}, "checks"},
	{"steps", func(n *engine.Node) bool { return len(n.Steps) > 0 }, []engine.Kind{engine.KindCheck}, "checks"},
	{"paths", func(n *engine.Node) bool { return len(n.Paths) > 0 }, []engine.Kind{engine.KindCheck}, "checks"},
	{"warning", func(n *engine.Node) bool { return n.Warning != "" }, []engine.Kind{engine.KindCheck}, "checks"},
	{"models", func(n *engine.Node) bool { return len(n.Models) > 0 }, []engine.Kind{engine.KindCheck}, "checks"},
	{"links", func(n *engine.Node) bool { return len(n.Links) > 0 }, []engine.Kind{engine.KindCheck, engine.KindInfo}, "checks and infos"},
	{"fixed", func(n *engine.Node) bool { return n.Fixed != "" }, []engine.Kind{engine.KindCheck}, "checks"},
	{"next", func(n *engine.Node) bool { return n.Next != "" }, []engine.Kind{engine.KindCheck, engine.KindInfo}, "checks and infos"},
	{"recipient", func(n *engine.Node) bool { return n.Recipient }, []engine.Kind{engine.KindCheck, engine.KindInfo}, "checks and infos"},
	{"result", func(n *engine.Node) bool { return n.Result != "" }, []engine.Kind{engine.KindOutcome}, "outcomes"},
	{"contacts", func(n *engine.Node) bool { return len(n.Contacts) > 0 }, []engine.Kind{engine.KindOutcome}, "escalate outcomes"},
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
	for k, opt := range n.Options {
		pp := indexPath(op, k)
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
	checkSteps(r, fieldPath(p, "steps"), n.Steps)
	for k, sp := range n.Paths {
		pp := indexPath(fieldPath(p, "paths"), k)
		switch sp.IOS {
		case "18+", "17-", "all":
		default:
			r.at(fieldPath(pp, "ios"), "ios %q is not one of \"18+\", \"17-\" or \"all\"", sp.IOS)
		}
		for j := range k {
			if n.Paths[j].IOS == sp.IOS {
				r.at(fieldPath(pp, "ios"), "paths[%d] is also for ios %q; give each ios value one path", j, sp.IOS)
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
	seen := map[string]int{}
	for k, m := range n.Models {
		mp := indexPath(fieldPath(p, "models"), k)
		if checkID(r, fieldPath(mp, "id"), m.ID, "the model group's id, e.g. \"face-id\"") {
			if first, dup := seen[m.ID]; dup {
				r.at(fieldPath(mp, "id"), "duplicate model id %q (also models[%d]); ids must be unique within a node", m.ID, first)
			} else {
				seen[m.ID] = k
			}
		}
		required(r, fieldPath(mp, "models"), m.Models, "the models in words, e.g. \"iPhone 8 and later\"")
		if len(m.Steps) == 0 {
			r.at(fieldPath(mp, "steps"), "no steps; list what to do on these models")
		}
		checkSteps(r, fieldPath(mp, "steps"), m.Steps)
	}
}

func checkSteps(r *reporter, p string, steps []string) {
	if len(steps) > MaxCheckSteps {
		r.at(p, "%d steps, over the limit of %d; split the check", len(steps), MaxCheckSteps)
	}
	for k, s := range steps {
		if strings.TrimSpace(s) == "" {
			r.at(indexPath(p, k), "empty step; write it or remove it")
		}
	}
}

func checkOutcome(r *reporter, p string, n *engine.Node) {
	switch n.Result {
	case engine.ResultResolved:
		if len(n.Contacts) > 0 {
			r.atField(fieldPath(p, "contacts"), "a resolved outcome has no contacts (only escalate outcomes do); remove them")
		}
	case engine.ResultEscalate:
		if len(n.Contacts) == 0 {
			r.at(fieldPath(p, "contacts"), "an escalate outcome needs at least one contact: who to turn to and why")
		}
	case "":
		r.at(fieldPath(p, "result"), "missing result; give \"resolved\" or \"escalate\"")
	default:
		r.at(fieldPath(p, "result"), "result %q is not \"resolved\" or \"escalate\"", n.Result)
	}
	for k, ct := range n.Contacts {
		cp := indexPath(fieldPath(p, "contacts"), k)
		required(r, fieldPath(cp, "who"), ct.Who, "who to contact")
		required(r, fieldPath(cp, "why"), ct.Why, "why to contact them")
	}
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
