package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// AxeTags are the axe-core rule tags AxeChrome and AxeWebKit run: WCAG 2.0,
// 2.1 and 2.2 at levels A and AA, and Deque's best practices.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// axeTimeout bounds one axe.run.
const axeTimeout = 30 * time.Second

// AxeViolation is one failed axe-core rule with the elements that fail it.
type AxeViolation struct {
	ID          string    `json:"id"`     // rule id, like "image-alt"
	Impact      string    `json:"impact"` // minor, moderate, serious or critical
	Description string    `json:"description"`
	Help        string    `json:"help"`
	HelpURL     string    `json:"helpUrl"`
	Tags        []string  `json:"tags"`
	Nodes       []AxeNode `json:"nodes"`
	// Targets are the CSS selectors of the failing elements, one per node
	// (a path through iframes and shadow roots is joined with " >>> ").
	Targets []string `json:"-"`
}

// AxeNode is one element that fails a rule.
type AxeNode struct {
	Target         []string `json:"target"`
	HTML           string   `json:"html"`
	FailureSummary string   `json:"failureSummary"`
}

func (v AxeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s: %s — %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "), v.HelpURL)
}

// FormatViolations lists violations one per line with their failing elements,
// for a test failure message.
func FormatViolations(vs []AxeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%s\n", v)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    %s: %s\n", strings.Join(n.Target, " >>> "), n.HTML)
		}
	}
	return b.String()
}

// AxeOption changes what axe checks.
type AxeOption func(*axeConfig)

type axeConfig struct {
	Include []string `json:"include,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
	Disable []string `json:"disable,omitempty"`
	Tags    []string `json:"tags"`
}

// AxeInclude limits the check to the elements that match the CSS selectors,
// like the root of a widget on a host page.
func AxeInclude(css ...string) AxeOption {
	return func(c *axeConfig) { c.Include = append(c.Include, css...) }
}

// AxeExclude leaves the elements that match the CSS selectors out.
func AxeExclude(css ...string) AxeOption {
	return func(c *axeConfig) { c.Exclude = append(c.Exclude, css...) }
}

// AxeDisableRules turns rules off by id, like "region". Say why in the test.
func AxeDisableRules(ids ...string) AxeOption {
	return func(c *axeConfig) { c.Disable = append(c.Disable, ids...) }
}

func axeArgs(opts []AxeOption) string {
	c := &axeConfig{Tags: AxeTags}
	for _, o := range opts {
		o(c)
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// axeRunJS is an async function expression that runs axe with the config and
// resolves to the JSON of the violations (or of {error}).
const axeRunJS = `(async (cfg) => {
	try {
		if (!window.axe) return JSON.stringify({error: "axe is not loaded in the page"});
		const context = (cfg.include || cfg.exclude)
			? {include: cfg.include ? cfg.include.map(s => [s]) : undefined, exclude: cfg.exclude ? cfg.exclude.map(s => [s]) : undefined}
			: document;
		const rules = {};
		for (const id of (cfg.disable || [])) rules[id] = {enabled: false};
		const r = await window.axe.run(context, {
			runOnly: {type: "tag", values: cfg.tags},
			rules: rules,
			resultTypes: ["violations"],
		});
		const sel = t => Array.isArray(t) ? t.join(" >>> ") : String(t);
		return JSON.stringify({violations: r.violations.map(v => ({
			id: v.id, impact: v.impact || "", description: v.description, help: v.help,
			helpUrl: v.helpUrl, tags: v.tags,
			nodes: v.nodes.map(n => ({target: n.target.map(sel), html: n.html, failureSummary: n.failureSummary || ""})),
		}))});
	} catch (e) {
		return JSON.stringify({error: String(e && e.stack || e)});
	}
})`

func parseAxe(s string) ([]AxeViolation, error) {
	var res struct {
		Error      string         `json:"error"`
		Violations []AxeViolation `json:"violations"`
	}
	if err := json.Unmarshal([]byte(s), &res); err != nil {
		return nil, fmt.Errorf("decoding the axe result %.200q: %w", s, err)
	}
	if res.Error != "" {
		return nil, errors.New(res.Error)
	}
	for i := range res.Violations {
		v := &res.Violations[i]
		for _, n := range v.Nodes {
			v.Targets = append(v.Targets, strings.Join(n.Target, " >>> "))
		}
	}
	return res.Violations, nil
}

// AxeChrome runs axe-core on the current page of the chromedp context (it
// injects axe.min.js first when the page has no window.axe) with AxeTags, and
// returns the violations; none is an empty slice. Errors fail the test.
func AxeChrome(ctx context.Context, t testing.TB, opts ...AxeOption) []AxeViolation {
	t.Helper()
	src := AxeSource(t)
	ctx, cancel := context.WithTimeout(ctx, axeTimeout)
	defer cancel()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		t.Fatalf("browsertest: axe in Chrome: checking the page: %v", err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			t.Fatalf("browsertest: axe in Chrome: injecting axe.min.js: %v", err)
		}
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRunJS+"("+axeArgs(opts)+")", chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browsertest: axe in Chrome: running axe: %v", err)
	}
	vs, err := parseAxe(s)
	if err != nil {
		t.Fatalf("browsertest: axe in Chrome: %v", err)
	}
	return vs
}

// AxeWebKit is AxeChrome for a WebKit session.
func AxeWebKit(d *WebDriver, t testing.TB, opts ...AxeOption) []AxeViolation {
	t.Helper()
	src := AxeSource(t)
	loaded, err := d.Exec(`return typeof window.axe === "object"`)
	if err != nil {
		t.Fatalf("browsertest: axe in WebKit: checking the page: %v", err)
	}
	if loaded != true {
		// The script is the body of a function; axe.min.js assigns
		// window.axe itself, so it works there too.
		if _, err := d.Exec(src + "\n;return typeof window.axe;"); err != nil {
			t.Fatalf("browsertest: axe in WebKit: injecting axe.min.js: %v", err)
		}
	}
	v, err := d.ExecAsync(`const done = arguments[arguments.length - 1];
		(`+axeRunJS+`)(arguments[0]).then(done, e => done(JSON.stringify({error: String(e)})));`,
		json.RawMessage(axeArgs(opts)))
	if err != nil {
		t.Fatalf("browsertest: axe in WebKit: running axe: %v", err)
	}
	s, ok := v.(string)
	if !ok {
		t.Fatalf("browsertest: axe in WebKit: unexpected result %T %v", v, v)
	}
	vs, err := parseAxe(s)
	if err != nil {
		t.Fatalf("browsertest: axe in WebKit: %v", err)
	}
	return vs
}

var axeCache sync.Map // path -> string

// AxeSource returns axe-core's axe.min.js from node_modules at the module
// root (the first directory with a go.mod, walking up from the working
// directory). It fails the test when the file is missing.
func AxeSource(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("browsertest: axe-core: %v", err)
	}
	path := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
	if s, ok := axeCache.Load(path); ok {
		return s.(string)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("browsertest: axe-core is missing (%v): run scripts/deps.sh (npm ci) in %s", err, root)
	}
	axeCache.Store(path, string(b))
	return string(b)
}

// moduleRoot is the nearest directory with a go.mod, from the working
// directory up.
func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod in %s or above it", wd)
		}
		dir = parent
	}
}
