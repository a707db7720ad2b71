package lint

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// Scenario is a test of a guide, walked by the engine: with the facts
// given, answering each question with the option Answers names for its node
// and each check with the answer named there (ChoiceNo when none is), it
// must meet the nodes of Meets before its outcome, meet the first node of
// each pair of Order before the second, never meet a node of Avoids, and
// end at an outcome whose result is Outcome. Scenario files sit in
// content/tests/<guide id>/*.json, one scenario each.
type Scenario struct {
	Name    string            `json:"name"`
	Facts   map[string]string `json:"facts,omitempty"`
	Answers map[string]string `json:"answers,omitempty"`
	Meets   []string          `json:"meets,omitempty"`
	Order   [][]string        `json:"order,omitempty"`
	Avoids  []string          `json:"avoids,omitempty"`
	Outcome string            `json:"outcome"`
}

// ScenarioDoc is a scenario file ParseScenario accepted: the scenario and
// where each of its values is.
type ScenarioDoc struct {
	Name     string // the file name problems are reported against
	Scenario Scenario
	Pos      *Positions
}

var scenarioType = reflect.TypeFor[Scenario]()

// ParseScenario reads a scenario file strictly, as Parse reads a guide: a
// syntax error, an unknown field, a wrong type, null or a duplicate key is
// a problem at its place; so are a missing name or outcome, an outcome that
// is not a result, an order that is not pairs, and ids that cannot be ids.
// The error is a Problems.
func ParseScenario(name string, data []byte) (*ScenarioDoc, error) {
	if p := CheckSize(name, int64(len(data))); p != nil {
		return nil, Problems{*p}
	}
	pos, raw := scanDoc(data, scenarioType, "scenario")
	r := &reporter{file: name, pos: pos}
	for _, p := range raw {
		r.add(p.off, p.path, p.msg)
	}
	if len(r.probs) > 0 {
		r.probs.Sort()
		return nil, r.probs
	}
	var sc Scenario
	if err := json.Unmarshal(data, &sc); err != nil {
		r.add(0, "", "cannot decode the scenario: "+err.Error())
		return nil, r.probs
	}
	required(r, "name", sc.Name, "what the scenario walks, in a few words")
	switch {
	case sc.Outcome == "":
		r.at("outcome", "missing or empty; give the result the walk ends at: %s", resultList())
	case !slices.Contains(engine.Results, sc.Outcome):
		r.at("outcome", "outcome %q is not a result; give %s", sc.Outcome, resultList())
	}
	for k, pair := range sc.Order {
		if len(pair) != 2 {
			r.at(indexPath("order", k), "an order is a pair [first, second], not %s", plural(len(pair), "id"))
		}
	}
	if len(r.probs) > 0 {
		r.probs.Sort()
		return nil, r.probs
	}
	return &ScenarioDoc{Name: name, Scenario: sc, Pos: pos}, nil
}

// Run walks the scenario on f and returns its problems, each at its place
// in the scenario file: facts, answers and node ids the guide does not
// have; a fact the walk needs but the scenario does not give; a question
// left without an answer; an answer that does not fit its node; a walk that
// loops; facts and answers given but never used; and every expectation
// that does not hold, with the walk taken.
func (d *ScenarioDoc) Run(f *engine.Flow) Problems {
	r := &reporter{file: d.Name, pos: d.Pos}
	sc := d.Scenario
	ok := d.checkIDs(r, f)
	if !ok {
		r.probs.Sort()
		return r.probs
	}
	s := engine.NewSession(f)
	usedFacts, usedAnswers := map[string]bool{}, map[string]bool{}
	var met []string // nodes met, in order, the outcome last
	seen := map[string]bool{}
	walked := func() string { return strings.Join(met, " → ") }
	complete := false
walk:
	for range engine.MaxWalk + len(f.Facts) + 1 {
		if fa := s.Needs(); fa != nil {
			v, ok := sc.Facts[fa.ID]
			if !ok {
				r.at("facts", "the walk reaches %q, which needs the fact %q: give it in facts (%s or %q); walked: %s",
					s.Current().ID, fa.ID, optionList(fa), engine.Unknown, walked()+" → "+s.Current().ID)
				break
			}
			usedFacts[fa.ID] = true
			if err := s.SetFact(fa.ID, v); err != nil {
				r.at(keyPath("facts", fa.ID), "%v", err)
				break
			}
			continue
		}
		n := s.Current()
		if seen[n.ID] {
			r.at("answers", "the walk loops: it meets %q again (%s → %s); answer differently on the way", n.ID, walked(), n.ID)
			break
		}
		seen[n.ID] = true
		met = append(met, n.ID)
		if s.Done() {
			complete = true
			break
		}
		ans, given := sc.Answers[n.ID]
		switch {
		case given:
			usedAnswers[n.ID] = true
		case n.Kind == engine.KindCheck:
			ans = engine.ChoiceNo
		case n.Kind == engine.KindInfo:
			ans = engine.ChoiceContinue
		default:
			r.at("answers", "the walk reaches the question %q with no answer: add %q to answers, one of %s; walked: %s",
				n.ID, n.ID, choiceList(s), walked())
			break walk
		}
		if err := s.ChooseID(ans); err != nil {
			r.at(keyPath("answers", n.ID), "%q cannot be answered %q here: give one of %s", n.ID, ans, choiceList(s))
			break
		}
	}
	if complete {
		d.expect(r, f, s, met, walked())
	}
	for _, id := range sortedKeys(sc.Facts) {
		if !usedFacts[id] && complete {
			r.atField(keyPath("facts", id), "the walk never needs the fact %q; remove it (walked: %s)", id, walked())
		}
	}
	for _, id := range sortedKeys(sc.Answers) {
		if !usedAnswers[id] && complete {
			r.atField(keyPath("answers", id), "the walk never meets %q, so this answer is not used; remove it or change the answers before it (walked: %s)", id, walked())
		}
	}
	r.probs.Sort()
	return r.probs
}

// checkIDs checks that the scenario names facts, values, nodes and answers
// the guide has.
func (d *ScenarioDoc) checkIDs(r *reporter, f *engine.Flow) bool {
	before := len(r.probs)
	sc := d.Scenario
	nodeIDs := make([]string, len(f.Nodes))
	for i, n := range f.Nodes {
		nodeIDs[i] = n.ID
	}
	node := func(path, id string) *engine.Node {
		n := f.Node(id)
		if n == nil {
			if m := closest(id, nodeIDs); m != "" {
				r.at(path, "the guide has no node %q; did you mean %q?", id, m)
			} else {
				r.at(path, "the guide has no node %q", id)
			}
		}
		return n
	}
	for _, id := range sortedKeys(sc.Facts) {
		fa := f.Fact(id)
		if fa == nil {
			r.atField(keyPath("facts", id), "the guide has no fact %q", id)
			continue
		}
		if v := sc.Facts[id]; v != engine.Unknown && fa.Option(v) == nil {
			r.at(keyPath("facts", id), "fact %q has no option %q: give %s or %q", id, v, optionList(fa), engine.Unknown)
		}
	}
	for _, id := range sortedKeys(sc.Answers) {
		n := node(keyPath("answers", id), id)
		if n == nil {
			continue
		}
		var ids []string
		for _, c := range f.Choices(n) {
			ids = append(ids, c.ID)
		}
		if v := sc.Answers[id]; !slices.Contains(ids, v) {
			if len(ids) == 0 {
				r.at(keyPath("answers", id), "%q is an outcome: it takes no answer", id)
			} else {
				r.at(keyPath("answers", id), "%q has no answer %q: give one of %s", id, v, quoteList(ids))
			}
		}
	}
	for k, id := range sc.Meets {
		node(indexPath("meets", k), id)
	}
	for k, id := range sc.Avoids {
		node(indexPath("avoids", k), id)
	}
	for k, pair := range sc.Order {
		for j, id := range pair {
			node(indexPath(indexPath("order", k), j), id)
		}
	}
	return len(r.probs) == before
}

// expect checks the expectations of a walk that reached an outcome.
func (d *ScenarioDoc) expect(r *reporter, f *engine.Flow, s *engine.Session, met []string, walked string) {
	sc := d.Scenario
	at := map[string]int{}
	for i, id := range met {
		if _, ok := at[id]; !ok {
			at[id] = i
		}
	}
	if res := s.Current().Result; res != sc.Outcome {
		r.at("outcome", "the walk ends at %q, %s, not %s; walked: %s", s.Current().ID, article(res+" outcome"), sc.Outcome, walked)
	}
	for k, id := range sc.Meets {
		if _, ok := at[id]; !ok {
			r.at(indexPath("meets", k), "the walk never meets %q; walked: %s", id, walked)
		}
	}
	for k, id := range sc.Avoids {
		if _, ok := at[id]; ok {
			r.at(indexPath("avoids", k), "the walk meets %q (step %d); walked: %s", id, at[id]+1, walked)
		}
	}
	for k, pair := range sc.Order {
		a, aok := at[pair[0]]
		b, bok := at[pair[1]]
		switch {
		case !aok || !bok:
			missing := pair[0]
			if aok {
				missing = pair[1]
			}
			r.at(indexPath("order", k), "the walk never meets %q, so the order cannot hold; walked: %s", missing, walked)
		case a > b:
			r.at(indexPath("order", k), "the walk meets %q (step %d) after %q (step %d); walked: %s", pair[0], a+1, pair[1], b+1, walked)
		}
	}
}

// optionList is a fact's option ids, quoted.
func optionList(fa *engine.Fact) string {
	ids := make([]string, len(fa.Options))
	for i, o := range fa.Options {
		ids[i] = o.ID
	}
	return quoteList(ids)
}

// choiceList is the ids of the choices offered at the session's node.
func choiceList(s *engine.Session) string {
	var ids []string
	for i, c := range s.Flow().Choices(s.Current()) {
		if s.Offered(i) {
			ids = append(ids, c.ID)
		}
	}
	return quoteList(ids)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ScenarioResult is what RunScenarios found for one file.
type ScenarioResult struct {
	Name     string // the file
	Guide    string // the guide's id
	Scenario string // the scenario's name; "" when the file could not be read
	Problems Problems
}

// RunScenarios runs each scenario file on the guide it names, among flows
// (the languages of a guide share the structure lint checks, so a scenario
// runs on its "en" document, or its first). A file that cannot be parsed,
// or names no guide of flows, is a result with its problems.
func RunScenarios(flows []*engine.Flow, files []ScenarioFile) []ScenarioResult {
	var out []ScenarioResult
	byID := map[string]*engine.Flow{}
	for _, f := range flows {
		if g, ok := byID[f.ID]; !ok || f.Lang == "en" && g.Lang != "en" {
			byID[f.ID] = f
		}
	}
	for _, file := range files {
		res := ScenarioResult{Name: file.Name, Guide: file.Guide}
		d, err := ParseScenario(file.Name, file.Data)
		if err != nil {
			res.Problems = err.(Problems)
			out = append(out, res)
			continue
		}
		res.Scenario = d.Scenario.Name
		f, ok := byID[file.Guide]
		if !ok {
			res.Problems = Problems{{File: file.Name, Line: 1, Col: 1, Msg: fmt.Sprintf("no guide %s: a scenario sits in content/tests/<guide id>/", strconv.Quote(file.Guide))}}
		} else {
			res.Problems = d.Run(f)
		}
		out = append(out, res)
	}
	return out
}

// ScenarioFile is a scenario file and the guide it tests (its directory's
// name).
type ScenarioFile struct {
	Name, Guide string
	Data        []byte
}
