package embedproto

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated tables of docs/embedding.md from protocol.json (review the diff!)")

const docsPath = "../../docs/embedding.md"

// docSection matches a generated part of the docs: its name, its text.
var docSection = regexp.MustCompile(`(?s)<!-- protocol\.json: ([a-z]+) -->\n(.*?)<!-- end protocol\.json -->`)

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func tick(s string) string { return "`" + s + "`" }

// renderDocs is each generated part of the docs, by name, from protocol.json.
func renderDocs(p *Protocol) map[string]string {
	var b strings.Builder
	out := map[string]string{}
	row := func(cells ...string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	header := func(cells ...string) {
		row(cells...)
		b.WriteString(strings.Repeat("|---", len(cells)) + "|\n")
	}
	take := func(name string) {
		out[name] = b.String()
		b.Reset()
	}

	header("Attribute", "Sets", "Value", "Default")
	for _, a := range p.Attributes {
		row(tick(a.Name), cell(a.Meaning), cell(a.Value), cell(a.DefaultText))
	}
	take("attributes")

	header("Event", "When")
	var detail []string
	for _, ms := range p.Messages {
		for _, mt := range ms.Types {
			if mt.Event != "" {
				row(tick(mt.Event), cell(mt.Meaning))
			}
		}
	}
	for _, d := range p.Events.Detail {
		detail = append(detail, fmt.Sprintf("`%s`, %s", d.Name, d.Meaning))
	}
	fmt.Fprintf(&b, "\nThey are dispatched on %s. `event.detail` has %s.\n", p.Events.On, strings.Join(detail, "; "))
	take("events")

	header("Field of `detail`", "Carries")
	for _, f := range p.Handoff.Detail {
		row(tick(f.Name), cell(f.Meaning))
	}
	var events, step, frag []string
	for _, ms := range p.Messages {
		for _, mt := range ms.Types {
			if mt.Handoff {
				events = append(events, tick(mt.Event))
			}
		}
	}
	for _, f := range p.Handoff.Step {
		step = append(step, fmt.Sprintf("`%s`, %s", f.Name, f.Meaning))
	}
	for _, f := range p.Handoff.Fragment {
		frag = append(frag, fmt.Sprintf("`%s`, %s", f.Name, f.Meaning))
	}
	fmt.Fprintf(&b, "\nThese come with %s. Each of `steps` has %s.\n", strings.Join(events, " and "), strings.Join(step, "; "))
	fmt.Fprintf(&b, "\nThe contact button's URL fragment has the parameters %s.\n", strings.Join(frag, "; "))
	take("handoff")

	header("Command", "Argument", "What it does", "Example")
	for _, c := range p.Commands {
		var args []string
		for _, a := range c.Args {
			args = append(args, fmt.Sprintf("`%s`, %s", a.Name, a.Meaning))
		}
		row(tick(c.Name), cell(strings.Join(args, "")), cell(c.Meaning), tick(c.Example))
	}
	fmt.Fprintf(&b, "\nThe target: %s.\n", p.Target)
	take("commands")

	header("Parameter", "Set from", "Kept on links", "Carries")
	for _, pa := range p.Params {
		from, kept := pa.From, "no"
		if from == "" {
			from = "the page's own links"
		}
		if pa.Kept {
			kept = "yes"
		}
		row(tick(pa.Name), cell(from), kept, cell(pa.Meaning))
	}
	take("params")

	header("From", "To", "`type`", "When")
	for _, ms := range p.Messages {
		for _, mt := range ms.Types {
			row(ms.From, ms.To, tick(mt.Type), cell(mt.Meaning))
		}
	}
	b.WriteString("\n")
	for _, ms := range p.Messages {
		var fs []string
		for _, f := range ms.Fields {
			fs = append(fs, fmt.Sprintf("`%s`, %s", f.Name, f.Meaning))
		}
		fmt.Fprintf(&b, "- From the %s, the fields: %s.\n", ms.From, strings.Join(fs, "; "))
	}
	take("messages")
	return out
}

// TestDocs: the tables of docs/embedding.md are protocol.json's.
func TestDocs(t *testing.T) {
	p := loadProtocol(t)
	want := renderDocs(p)
	b, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	seen := map[string]bool{}
	var stale []string
	newDoc := docSection.ReplaceAllStringFunc(doc, func(s string) string {
		m := docSection.FindStringSubmatch(s)
		name := m[1]
		w, ok := want[name]
		if !ok {
			t.Errorf("docs/embedding.md has a generated part %q that protocol.json does not make", name)
			return s
		}
		if seen[name] {
			t.Errorf("docs/embedding.md has the generated part %q twice", name)
		}
		seen[name] = true
		if m[2] != w {
			stale = append(stale, name)
		}
		return "<!-- protocol.json: " + name + " -->\n" + w + "<!-- end protocol.json -->"
	})
	for name := range want {
		if !seen[name] {
			t.Errorf("docs/embedding.md lacks the generated part %q (<!-- protocol.json: %s --> … <!-- end protocol.json -->)", name, name)
		}
	}
	if len(stale) == 0 {
		return
	}
	if *update {
		if err := os.WriteFile(docsPath, []byte(newDoc), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %v in docs/embedding.md", stale)
		return
	}
	t.Errorf("docs/embedding.md's %v disagree with protocol.json: go test ./internal/embedproto -run Docs -update rewrites them", stale)
}
