package lint

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// CheckLanguages checks that the languages of each guide agree: flows with
// the same id must have the same start, the same node ids with the same
// kinds, the same number of options leading to the same nodes, the same
// fixed and next, and the same model ids. Each translation is compared with
// the guide's "en" document (or its first), and the problems are reported in
// the translation, at the positions its Doc carries. Two documents of the
// same id and lang are an error too.
func CheckLanguages(docs []*Doc) Problems {
	var probs Problems
	groups := map[string][]*Doc{}
	var order []string
	for _, d := range docs {
		if _, ok := groups[d.Flow.ID]; !ok {
			order = append(order, d.Flow.ID)
		}
		groups[d.Flow.ID] = append(groups[d.Flow.ID], d)
	}
	for _, id := range order {
		g := groups[id]
		ref := g[0]
		for _, d := range g {
			if d.Flow.Lang == "en" {
				ref = d
				break
			}
		}
		langs := map[string]*Doc{}
		for _, d := range g {
			r := &reporter{file: d.Name, pos: d.Pos}
			if first, dup := langs[d.Flow.Lang]; dup {
				r.at("lang", "guide %q has lang %q twice (also %s); keep one file per language", id, d.Flow.Lang, first.Name)
			} else {
				langs[d.Flow.Lang] = d
			}
			if d != ref {
				compareLanguages(r, ref.Flow, ref.Name, d.Flow)
			}
			probs = append(probs, r.probs...)
		}
	}
	probs.Sort()
	return probs
}

// compareLanguages reports where translation t differs in structure from
// reference flow ref (of file refFile).
func compareLanguages(r *reporter, ref *engine.Flow, refFile string, t *engine.Flow) {
	in := fmt.Sprintf("%s (%s)", path.Base(filepath.ToSlash(refFile)), ref.Lang)
	same := func(path, got, want string) {
		if got != want {
			r.at(path, "%q here but %q in %s; every language of a guide must have the same structure", got, want, in)
		}
	}
	same("start", t.Start, ref.Start)
	refNodes := map[string]*engine.Node{}
	for i := range ref.Nodes {
		if _, dup := refNodes[ref.Nodes[i].ID]; !dup {
			refNodes[ref.Nodes[i].ID] = &ref.Nodes[i]
		}
	}
	have := map[string]bool{}
	for i := range t.Nodes {
		n := &t.Nodes[i]
		p := indexPath("nodes", i)
		have[n.ID] = true
		rn, ok := refNodes[n.ID]
		if !ok {
			r.at(fieldPath(p, "id"), "node %q is not in %s; every language of a guide must have the same nodes", n.ID, in)
			continue
		}
		if n.Kind != rn.Kind {
			same(fieldPath(p, "kind"), string(n.Kind), string(rn.Kind))
			continue
		}
		if len(n.Options) != len(rn.Options) {
			r.at(fieldPath(p, "options"), "%d options here but %d in %s; every language must have the same options", len(n.Options), len(rn.Options), in)
		} else {
			for j := range n.Options {
				same(fieldPath(indexPath(fieldPath(p, "options"), j), "next"), n.Options[j].Next, rn.Options[j].Next)
			}
		}
		same(fieldPath(p, "fixed"), n.Fixed, rn.Fixed)
		same(fieldPath(p, "next"), n.Next, rn.Next)
		same(fieldPath(p, "result"), n.Result, rn.Result)
		if got, want := modelIDs(n), modelIDs(rn); !slices.Equal(got, want) {
			r.at(fieldPath(p, "models"), "model ids [%s] here but [%s] in %s; every language must have the same models in the same order",
				strings.Join(got, ", "), strings.Join(want, ", "), in)
		}
	}
	for i := range ref.Nodes {
		if id := ref.Nodes[i].ID; !have[id] {
			have[id] = true
			r.at("nodes", "node %q of %s is missing here; every language of a guide must have the same nodes", id, in)
		}
	}
}

func modelIDs(n *engine.Node) []string {
	ids := make([]string, len(n.Models))
	for i, m := range n.Models {
		ids[i] = m.ID
	}
	return ids
}
