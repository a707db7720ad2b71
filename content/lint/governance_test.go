package lint

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/testguide"
)

// TestGovernanceWarnings: a check without sources or verification, or
// verified longer ago than MaxAge, is a warning (never an error: the
// library still loads); MaxAge below zero looks at none of it.
func TestGovernanceWarnings(t *testing.T) {
	data := bytes.Replace(testguide.MiniJSON(t), []byte(`"sources": ["https://example.com/help/update"], "verified": {"version": "1.4", "date": "2026-11-20"},`), nil, 1)
	data = bytes.Replace(data, []byte(`"verified": {"version": "2.1", "date": "2026-11-20"},
     "fixed": "resolved", "next": "check-restart"`), []byte(`"verified": {"version": "2.1", "date": "2025-01-10"},
     "fixed": "resolved", "next": "check-restart"`), 1)
	srcs := []content.Source{{Name: "mini.en.json", Data: data}}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	lib, warns, err := Options{Now: now}.Library(srcs)
	if err != nil || lib == nil {
		t.Fatalf("warnings stopped the library: %v", err)
	}
	want := []string{
		`mini.en.json:62:45: warning: nodes[2].verified.date: check "check-wifi" was verified on 2025-01-10, 690 days ago, more than 365; check it against its sources again and update verified`,
		`mini.en.json:86:5: warning: nodes[7]: check "check-update" names no sources and was never verified; list the https pages its advice rests on in sources, and say when it was last checked against them in verified: {"version": …, "date": "YYYY-MM-DD"}`,
	}
	if got := strings.Split(warns.Error(), "\n"); !equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", warns.Error(), strings.Join(want, "\n"))
	}
	for _, w := range warns {
		if !w.Warning {
			t.Errorf("not a warning: %v", w)
		}
	}
	// A longer age keeps the old verification; below zero, nothing.
	if _, warns, _ := (Options{Now: now, MaxAge: 800 * 24 * time.Hour}).Library(srcs); len(warns) != 1 {
		t.Errorf("MaxAge 800 days: %v", warns)
	}
	if _, warns, _ := (Options{Now: now, MaxAge: -1}).Library(srcs); len(warns) != 0 {
		t.Errorf("MaxAge < 0: %v", warns)
	}
	// Only sources, or only a verification, missing.
	one := bytes.Replace(data, []byte(`"sources": ["https://example.com/help/restart"], `), nil, 1)
	if _, warns, _ := (Options{Now: now, MaxAge: -1 + 800*24*time.Hour}).Library([]content.Source{{Name: "mini.en.json", Data: one}}); len(warns) != 2 || !strings.Contains(warns[0].Msg, `"check-restart" names no sources;`) {
		t.Errorf("no sources: %v", warns)
	}
}

func equal(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// TestImageFiles: an image file over 64 KiB, or an SVG that refers
// outside or declares entities, is refused; a good one passes.
func TestImageFiles(t *testing.T) {
	svg := func(body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">` + body + `</svg>`)}
	}
	files := fstest.MapFS{
		"images/ok.svg":      svg(`<rect width="10" height="10"/>`),
		"images/big.svg":     svg(strings.Repeat(" ", MaxImageBytes)),
		"images/outside.svg": svg(`<image href="https://example.com/x.png"/>`),
		"images/entity.svg":  {Data: []byte(`<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>`)},
		"images/handler.svg": svg("<rect\tonload=\"x()\"/>"),
		"images/text.svg":    svg(`<text>one online</text>`), // "on" in words is fine
		"images/ok.png":      {Data: []byte("\x89PNG\r\n\x1a\nrest")},
		"images/ok.webp":     {Data: []byte("RIFF\x00\x00\x00\x00WEBPrest")},
		"images/riff.webp":   {Data: []byte("RIFF\x00\x00\x00\x00WAVErest")},
		"images/dir.svg/x":   {Data: []byte("x")},
	}
	for src, want := range map[string]string{
		"images/ok.svg":      "",
		"images/text.svg":    "",
		"images/ok.png":      "",
		"images/ok.webp":     "",
		"images/big.svg":     "images/big.svg is 65602 bytes, over the limit of 65536 (64 KiB); simplify or compress it",
		"images/outside.svg": "images/outside.svg holds an outside reference; an image may only draw",
		"images/entity.svg":  "images/entity.svg holds an entity declaration; an image may only draw",
		"images/handler.svg": "images/handler.svg holds an event handler (onload); an image may only draw",
		"images/riff.webp":   "images/riff.webp is not a WEBP file (its first bytes are not a WEBP header)",
		"images/dir.svg":     "images/dir.svg is not a regular file",
		"images/none.png":    "no file images/none.png in the content directory (beside the guides' directory); add it or fix src",
	} {
		if got := imageFileProblem(files, src); got != want {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
	for src, ok := range map[string]bool{"images/force-restart.svg": true, "images/a.webp": true, "images/../x.svg": false, "x.svg": false, "images/X.svg": false, "images/a.gif": false, "images/a/b.svg": false} {
		if (imageSrcProblem(src) == "") != ok {
			t.Errorf("imageSrcProblem(%q) = %q", src, imageSrcProblem(src))
		}
	}
}
