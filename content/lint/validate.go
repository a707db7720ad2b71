package lint

import (
	"fmt"
	"slices"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// Limits on the size of a guide.
const (
	MaxText            = 2000 // bytes in any one text field
	MaxNodes           = 500  // nodes in a guide
	MaxCheckSteps      = 40   // steps of a check, or of one model's steps
	MinQuestionOptions = 2    // options of a question, at least
	MaxQuestionOptions = 8    // options of a question, at most
	MaxWaitHours       = 720  // hours a wait outcome may ask for (30 days)
	MaxCombinations    = 4096 // combinations of facts the graph is checked under
)

// Validate checks a flow against the rules Parse applies after decoding:
// ids, version, lang, the fields each kind of node needs and may have,
// references, reachability and exits, links, settings paths, model ids,
// required strings, markup and plain text, and sizes. file names the
// document in the problems; pos, the positions of the flow's document
// (Doc.Pos), places them, and may be nil (then Line is 0).
func Validate(file string, f *engine.Flow, pos *Positions) Problems {
	r := &reporter{file: file, pos: pos}
	validate(f, r)
	r.probs.Sort()
	return r.probs
}

func validate(f *engine.Flow, r *reporter) {
	checkGuide(f, r)
	factsOK := checkFacts(f, r)
	ids := checkNodes(f, r)
	condsOK := checkConditions(f, r, factsOK)
	checkRefs(f, r, ids)
	if checkGraph(f, r, ids) && factsOK && condsOK {
		checkCombinations(f, r, ids)
	}
	checkTexts(f, r)
}

// stringExamples are the English words of the required strings, for messages.
var stringExamples = map[string]string{
	engine.StringFixedYes:   "Yes, that fixed it",
	engine.StringFixedNo:    "No, still not working",
	engine.StringDidItWork:  "Did this fix it?",
	engine.StringContinue:   "Continue",
	engine.StringBack:       "Back",
	engine.StringRestart:    "Start over",
	engine.StringTried:      "What I've tried",
	engine.StringNotFixed:   "didn't help",
	engine.StringWasFixed:   "fixed it",
	engine.StringAnswered:   "Answered",
	engine.StringRead:       "Read",
	engine.StringStaleState: "This guide was updated since your last visit…",
	engine.StringUnknown:    "That step doesn't exist…",

	engine.StringCantFind:      "I can't find this setting",
	engine.StringNotFound:      "couldn't find the setting",
	engine.StringRecipientWhy:  "This one happens on their device, so they need to check it.",
	engine.StringRecipientSend: "Send this step to them",
}

// usedStrings are the strings a guide needs only when it uses what they
// name.
var usedStrings = []struct {
	what string
	uses func(f *engine.Flow) bool
	keys []string
}{
	{"a check with cant_find", func(f *engine.Flow) bool {
		return slices.ContainsFunc(f.Nodes, func(n engine.Node) bool { return n.CantFind != "" })
	}, []string{engine.StringCantFind, engine.StringNotFound}},
	{"a node with recipient", func(f *engine.Flow) bool {
		return slices.ContainsFunc(f.Nodes, func(n engine.Node) bool { return n.Recipient })
	}, []string{engine.StringRecipientWhy, engine.StringRecipientSend}},
}

func checkGuide(f *engine.Flow, r *reporter) {
	checkID(r, "id", f.ID, "the guide's id")
	if f.Version < 1 {
		r.at("version", "version is %d; it must be 1 or more (bump it on every published change)", f.Version)
	}
	switch {
	case f.Lang == "":
		r.at("lang", "missing lang; give the guide's language as a BCP 47 tag such as \"en\"")
	case !validLang(f.Lang):
		r.at("lang", "lang %q is not a simple BCP 47 tag; write e.g. \"en\", \"pt-BR\", \"zh-Hant\" or \"es-419\"", f.Lang)
	}
	required(r, "title", f.Title, "the guide's title")
	required(r, "summary", f.Summary, "a one-sentence summary of the guide")
	required(r, "start", f.Start, "the id of the first node")
	for _, k := range engine.RequiredStrings {
		if strings.TrimSpace(f.Strings[k]) == "" {
			r.at(keyPath("strings", k), "missing interface string %q; add it to strings (in English: %q)", k, stringExamples[k])
		}
	}
	for _, u := range usedStrings {
		if !u.uses(f) {
			continue
		}
		for _, k := range u.keys {
			if strings.TrimSpace(f.Strings[k]) == "" {
				r.at(keyPath("strings", k), "missing interface string %q, which %s needs; add it to strings (in English: %q)", k, u.what, stringExamples[k])
			}
		}
	}
	switch {
	case len(f.Nodes) == 0:
		r.at("nodes", "a guide needs nodes; add at least a start node and an outcome")
	case len(f.Nodes) > MaxNodes:
		r.at("nodes", "%d nodes, over the limit of %d; split the guide", len(f.Nodes), MaxNodes)
	}
}

// required reports an empty string field.
func required(r *reporter, path, v, what string) {
	if strings.TrimSpace(v) == "" {
		r.at(path, "missing or empty; give %s", what)
	}
}

// checkID checks an id against the one id rule, engine.ValidID, and says
// which part of the rule it breaks.
func checkID(r *reporter, path, id, what string) bool {
	switch {
	case engine.ValidID(id):
		return true
	case id == "":
		r.at(path, "missing or empty; give %s (a-z, 0-9 and -, starting with a letter or digit)", what)
	case len(id) > engine.MaxIDLen:
		r.at(path, "id is %d bytes, over the limit of %d; shorten it", len(id), engine.MaxIDLen)
	default:
		r.at(path, "id %q may only use a-z, 0-9 and -, and must start with a letter or digit; write e.g. %q", id, suggestID(id))
	}
	return false
}

// suggestID is id in the allowed alphabet.
func suggestID(id string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(id) {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b.WriteRune(c)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "my-id"
}

// validLang accepts language[-Script][-REGION]: "en", "pt-BR", "zh-Hant",
// "zh-Hant-TW", "es-419".
func validLang(tag string) bool {
	parts := strings.Split(tag, "-")
	if !isAlpha(parts[0], 'a', 'z') || len(parts[0]) < 2 || len(parts[0]) > 3 {
		return false
	}
	parts = parts[1:]
	if len(parts) > 0 && len(parts[0]) == 4 && isAlpha(parts[0][:1], 'A', 'Z') && isAlpha(parts[0][1:], 'a', 'z') {
		parts = parts[1:]
	}
	if len(parts) > 0 && ((len(parts[0]) == 2 && isAlpha(parts[0], 'A', 'Z')) || (len(parts[0]) == 3 && isAlpha(parts[0], '0', '9'))) {
		parts = parts[1:]
	}
	return len(parts) == 0
}

func isAlpha(s string, lo, hi byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < lo || s[i] > hi {
			return false
		}
	}
	return s != ""
}

// unknownNode is the message for a reference to a node that does not exist.
func unknownNode(id string, ids map[string]int) string {
	names := make([]string, 0, len(ids))
	for k := range ids {
		names = append(names, k)
	}
	slices.Sort(names)
	if m := closest(id, names); m != "" {
		return fmt.Sprintf("unknown node %q; did you mean %q?", id, m)
	}
	return fmt.Sprintf("unknown node %q; give the id of a node of this guide", id)
}
