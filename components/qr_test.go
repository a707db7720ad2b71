package components

import (
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/internal/qrtest"
)

// svgOf finds the QR code's viewBox and dark path in rendered HTML.
var svgOf = regexp.MustCompile(`<svg [^>]*class="ff-qr"[^>]*viewBox="([^"]*)"[^>]*>.*?<path d="([^"]*)"`)

func TestQRMatrixDecodes(t *testing.T) {
	for _, text := range []string{
		"https://fixflow.example.com/imessage-undelivered/check-wifi",
		"http://127.0.0.1:8080/imessage-undelivered/escalate-carrier?s=" + strings.Repeat("Ab0-_.~", 40),
		"x",
	} {
		size, dark, ok := QRMatrix(text)
		if !ok {
			t.Fatalf("%q: no QR code", text)
		}
		html := qrSVG(text, "label").HTML()
		m := svgOf.FindStringSubmatch(html)
		if m == nil {
			t.Fatalf("%q: no svg.ff-qr with a path in %.200s", text, html)
		}
		got, err := qrtest.Decode(m[1], m[2])
		if err != nil || got != text {
			t.Errorf("the QR code of %q (%d modules) reads %q (%v)", text, size, got, err)
		}
		if dark(0, 0) != true || dark(7, 7) != false || size < 21 {
			t.Errorf("%q: %d modules, a finder pattern's corner %v and its ring %v", text, size, dark(0, 0), dark(7, 7))
		}
	}
	// Every version, through its capacity: one text a version, just full.
	for v, n := 1, 1; v <= qrMaxVersion; v++ {
		count := 1
		if v >= 10 {
			count = 2
		}
		full := qrRawModules(v)/8 - qrECCPerBlock[v]*qrBlocks[v] - count - 1 // the mode and terminator's half bytes
		if full < n {
			t.Fatalf("version %d holds %d bytes, less than version %d", v, full, v-1)
		}
		n = full
		text := strings.Repeat("https://fixflow.example/~", n/25+1)[:n]
		size, _, ok := QRMatrix(text)
		html := qrSVG(text, "label").HTML()
		m := svgOf.FindStringSubmatch(html)
		if !ok || size != 17+4*v || m == nil {
			t.Fatalf("%d bytes: %d modules (%v); want version %d, %d", n, size, ok, v, 17+4*v)
		}
		if got, err := qrtest.Decode(m[1], m[2]); err != nil || got != text {
			t.Errorf("version %d, %d bytes: reads %d bytes (%v)", v, n, len(got), err)
		}
	}
	if _, _, ok := QRMatrix(strings.Repeat("x", 2332)); ok {
		t.Error("2332 bytes made a QR code; the most a code at level M holds is 2331")
	}
}

// TestPhoneView: the walk's QR code is drawn where the page knows its own
// origin (the browser), beside the step and in the tried panel, and reads
// back as the walk's address; the server, rendering from a path, draws none.
func TestPhoneView(t *testing.T) {
	srcs, err := content.ReadDir(os.DirFS("../content/testdata"), ".")
	lib := libraryWith(t, srcs...)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := lib.Guide("mini", "en")
	s := engine.NewSession(f)
	if err := s.Choose(0); err != nil {
		t.Fatal(err)
	}
	path := Location{Guide: f.ID}.StepURL(s.Current().ID, s.Encode())
	for _, c := range []struct {
		url  string
		want int
	}{
		{path + "&embed=1&theme=dark", 0},
		{"https://help.example.com" + path + "&embed=1&theme=dark", 2},
	} {
		u, _ := url.Parse(c.url)
		g := &Guide{cat: LibraryCatalog(lib), def: f.ID}
		g.load(u, func(string) (string, bool) { return "", false })
		html := g.view().HTML()
		found := svgOf.FindAllStringSubmatch(html, -1)
		if len(found) != c.want {
			t.Errorf("%s: %d QR codes; want %d", c.url, len(found), c.want)
		}
		for _, m := range found {
			got, err := qrtest.Decode(m[1], m[2])
			if want := "https://help.example.com" + path; err != nil || got != want {
				t.Errorf("%s: the QR code reads %q (%v); want %q, without the embedding's options", c.url, got, err, want)
			}
		}
	}
}

// TestQRSize logs what the QR code of a typical walk costs the page: its
// modules and its SVG's bytes (make bench measures the encoder's wasm cost:
// bench/qrcost built with and without it).
func TestQRSize(t *testing.T) {
	link := "https://help.example.com/imessage-undelivered/escalate-carrier?s=imessage-undelivered.MVWANYiR..AABBBAAB"
	size, _, ok := QRMatrix(link)
	if !ok {
		t.Fatal("no QR code for a typical walk's link")
	}
	t.Logf("a %d-byte link: %d x %d modules, %d bytes of SVG", len(link), size, size, len(qrSVG(link, "QR code").HTML()))
}
