package app

import (
	"strconv"
	"strings"
)

// transcriptResultKey is the optional Flow.Strings key for the word before
// the outcome in TranscriptText ("Result"); a guide without it has an
// arrow there, which needs no language.
const transcriptResultKey = "result"

// Entry is one step of a walk, in words: what the node was and what the user
// did there.
type Entry struct {
	// Node is the node's id, Kind its kind, Title its title.
	Node  string
	Kind  Kind
	Title string
	// Choice is the index taken (into Flow.Choices), Answer its id
	// (Choice.ID: an option's id, or ChoiceYes, ChoiceNo, ChoiceCantFind,
	// ChoiceContinue) and Label its label.
	Choice int
	Answer string
	Label  string
	// Result is the step in the guide's words: for a check, "fixed it",
	// "didn't help" or "couldn't find the setting" (Strings was_fixed,
	// not_fixed, not_found); for a question, the chosen option's label;
	// for an info, "Read" (Strings read).
	Result string
}

// Transcript is the walk so far in words, one Entry per step of History, in
// order.
func (s *Session) Transcript() []Entry {
	if s.flow == nil || len(s.history) == 0 {
		return nil
	}
	es := make([]Entry, 0, len(s.history))
	for _, st := range s.history {
		e := Entry{Node: st.Node, Choice: st.Choice}
		n := s.flow.Node(st.Node)
		if n == nil { // only for a flow that changed under the session
			es = append(es, e)
			continue
		}
		e.Kind, e.Title = n.Kind, n.Title
		if cs := s.flow.Choices(n); st.Choice >= 0 && st.Choice < len(cs) {
			e.Answer, e.Label = cs[st.Choice].ID, cs[st.Choice].Label
		}
		switch n.Kind {
		case KindCheck:
			key := StringNotFixed
			switch st.Choice {
			case AnswerFixed:
				key = StringWasFixed
			case AnswerCantFind:
				key = StringNotFound
			}
			e.Result = transcriptWord(s.flow, key, e.Label)
		case KindInfo:
			e.Result = transcriptWord(s.flow, StringRead, e.Label)
		default:
			e.Result = e.Label
		}
		es = append(es, e)
	}
	return es
}

// TranscriptText is the walk as plain text to copy or share: the guide's
// title and its "What I've tried"; the facts answered, one line each with
// its question and answer; one numbered line per check and per answered
// question (infos are left out: they are read, not tried; nodes passed by
// are not steps); and the outcome when the walk is at one, after the word
// Strings["result"] and a colon (an arrow when the guide lacks the key):
//
//	Mini guide — What I've tried
//	Which system version is it? — Version 18
//	1. What do you see? — Nothing at all
//	2. Check Wi-Fi — didn't help
//	3. Force restart — couldn't find the setting
//	Result: Contact your carrier
//
// It holds only the guide's own words and the choices taken, nothing
// personal, and is the same for the same walk.
func (s *Session) TranscriptText() string {
	if s.flow == nil {
		return ""
	}
	var b transcriptText
	if t := s.flow.Strings[StringTried]; t != "" {
		b.line("", s.flow.Title, " — ", t)
	} else {
		b.line("", s.flow.Title, "", "")
	}
	for _, a := range s.Facts() {
		b.line("", a.Fact.Question, " — ", a.Label)
	}
	num := 0
	for _, e := range s.Transcript() {
		if e.Kind == KindInfo {
			continue
		}
		num++
		b.line(strconv.Itoa(num)+". ", e.Title, " — ", e.Result)
	}
	if s.Done() {
		if w := s.flow.Strings[transcriptResultKey]; w != "" {
			b.line("", w, ": ", s.Current().Title)
		} else {
			b.line("→ ", s.Current().Title, "", "")
		}
	}
	return b.String()
}

// transcriptText builds TranscriptText one line at a time.
type transcriptText struct{ strings.Builder }

// line writes one line: prefix, then a (its line breaks folded), sep and b
// (folded too). It is kept out of line (go:noinline): inlined at each call
// it costs the wasm more than it saves.
//
//go:noinline
func (t *transcriptText) line(prefix, a, sep, b string) {
	t.WriteString(prefix)
	t.WriteString(transcriptLine(a))
	t.WriteString(sep)
	t.WriteString(transcriptLine(b))
	t.WriteByte('\n')
}

// transcriptWord is the flow's string for key, or def when it has none.
func transcriptWord(f *Flow, key, def string) string {
	if w := f.Strings[key]; w != "" {
		return w
	}
	return def
}

// transcriptLine folds line breaks and tabs to spaces, so each entry stays on its
// line.
func transcriptLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
