package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/store"
	"github.com/fixflow/fixflow/internal/stats/store/storetest"
)

func defaultGuide(t testing.TB) *engine.Flow {
	t.Helper()
	lib, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	f, ok := lib.Guide(content.DefaultGuide, "en")
	if !ok {
		t.Fatal("no default guide")
	}
	return f
}

// storeFlagsFor are the flags that name a test store of kind, with some
// counts in it: 3 walks started, 2 resolved at the first check, 1 left there.
func storeFlagsFor(t *testing.T, kind string) []string {
	t.Helper()
	dsn := storetest.TestDSN(t, kind)
	st, err := store.Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := defaultGuide(t)
	var check *engine.Node
	for i := range f.Nodes {
		if f.Nodes[i].Kind == engine.KindCheck {
			check = &f.Nodes[i]
			break
		}
	}
	day := time.Now().UTC().Format(stats.DayLayout)
	c := func(event, node, option, result string, n int64) stats.Counter {
		return stats.Counter{Day: day, Guide: f.ID, Graph: f.GraphHash(), Lang: f.Lang, Event: event, Node: node, Option: option, Result: result, N: n}
	}
	if err := st.Add(context.Background(), store.Merge([]stats.Counter{
		c(stats.EventStart, f.Start, "", "", 3),
		c(stats.EventShown, check.ID, "", "", 3),
		c(stats.EventChoice, check.ID, stats.OptionID(f, check, engine.AnswerFixed), "", 2),
		c(stats.EventOutcome, check.Fixed, "", f.Node(check.Fixed).Result, 2),
		c(stats.EventLeft, check.ID, "", "", 1),
	})); err != nil {
		t.Fatal(err)
	}
	if kind == "sqlite" {
		file := strings.TrimPrefix(dsn, "sqlite:")
		if filepath.Base(file) != "stats.db" {
			t.Fatalf("the test's SQLite file is %s, not DIR/stats.db", file)
		}
		return []string{"-data", filepath.Dir(file)}
	}
	return []string{"-db", dsn}
}

func TestStatsCommand(t *testing.T) {
	f := defaultGuide(t)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			flags := storeFlagsFor(t, kind)
			var out, errs bytes.Buffer
			if code := run(append([]string{"stats"}, flags...), &out, &errs); code != 0 {
				t.Fatalf("exit %d: %s", code, errs.String())
			}
			flat := strings.Join(strings.Fields(out.String()), " ")
			for _, want := range []string{
				f.ID + " — " + f.Title,
				"Starts 3",
				"Outcomes resolved 2 (66.7%) · escalated 0 (0.0%) · wait 0 (0.0%) · workaround 0 (0.0%) · left 1 (33.3%)",
				"Resolves most resolved share shown rate",
				"Drop-off by step shown left drop-off",
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("fixflow stats lacks %q:\n%s", want, out.String())
				}
			}

			out.Reset()
			if code := run(append([]string{"stats", "-csv", "-guide", f.ID}, flags...), &out, &errs); code != 0 {
				t.Fatalf("-csv: exit %d: %s", code, errs.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if len(lines) != 6 || lines[0] != "day,guide,graph,lang,host,event,node,option,result,n" {
				t.Errorf("-csv:\n%s", out.String())
			}

			// Another period, another host: nothing.
			out.Reset()
			if code := run(append([]string{"stats", "-from", "2020-01-01", "-to", "2020-01-31"}, flags...), &out, &errs); code != 0 ||
				!strings.Contains(out.String(), "No counts from 2020-01-01 to 2020-01-31") {
				t.Errorf("an empty period: exit %d\n%s", code, out.String())
			}
			out.Reset()
			if code := run(append([]string{"stats", "-host", "https://help.example.com"}, flags...), &out, &errs); code != 0 ||
				!strings.Contains(out.String(), "No counts from") {
				t.Errorf("another host: exit %d\n%s", code, out.String())
			}
		})
	}
}

func TestStatsCommandRefuses(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"-data", dir}, "no counts yet: " + filepath.Join(dir, "stats.db") + " does not exist", 1},
		{[]string{"-from", "2025-02-30"}, `-from: "2025-02-30" is not a day`, 1},
		{[]string{"-to", "yesterday"}, `-to: "yesterday" is not a day`, 1},
		{[]string{"-from", "2025-03-02", "-to", "2025-03-01"}, "-from 2025-03-02 is after -to 2025-03-01", 1},
		{[]string{"-days", "0"}, "-days: 0 is not a number of days", 1},
		{[]string{"-guide", "nope"}, `-guide: "nope" is not a guide of this build`, 1},
		{[]string{"-host", "help.example.com"}, `-host: "help.example.com" is neither an origin`, 1},
		{[]string{"-db", "mysql://x"}, "is neither a postgres:// URL nor sqlite:PATH", 1},
		{[]string{"extra"}, "unexpected arguments: extra", 2},
	} {
		var out, errs bytes.Buffer
		code := run(append([]string{"stats"}, tc.args...), &out, &errs)
		if code != tc.code || !strings.Contains(errs.String(), tc.want) {
			t.Errorf("fixflow stats %v: exit %d, stderr %q; want %d and %q", tc.args, code, errs.String(), tc.code, tc.want)
		}
	}
}
