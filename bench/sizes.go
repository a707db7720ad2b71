package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fixflow/fixflow/internal/compress"
)

// guideJSONPath is the default guide's document, as the server serves it.
const guideJSONPath = "/guides/imessage-undelivered.en.json"

// Size is one file raw and compressed as the server would send it: gzip
// level 9 and brotli quality 11.
type Size struct {
	Raw    int `json:"raw"`
	Gzip   int `json:"gzip"`
	Brotli int `json:"brotli"`
}

// compressed holds the compressed bytes behind a Size.
type compressed struct {
	size   Size
	br, gz []byte
}

// compressBoth makes the gzip and brotli copies of b, at the same time.
func compressBoth(b []byte) compressed {
	var c compressed
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); c.br = compress.Brotli(b, 11) }()
	go func() { defer wg.Done(); c.gz = compress.Gzip(b) }()
	wg.Wait()
	c.size = Size{Raw: len(b), Gzip: len(c.gz), Brotli: len(c.br)}
	return c
}

// sizes measures the widget's wasm against an empty go-app app built now
// with the same flags.
func (b *bench) sizes(ctx context.Context) error {
	var (
		baseline    []byte
		baselineErr error
		done        = make(chan struct{})
	)
	go func() {
		defer close(done)
		if b.cfg.baseline != "" {
			b.res.Notes = append(b.res.Notes, "the empty go-app app is "+b.cfg.baseline+" (-baseline-wasm), not bench/baseline built now")
			baseline, baselineErr = os.ReadFile(b.cfg.baseline)
			return
		}
		baseline, baselineErr = buildBaseline(ctx, b.tmp)
	}()

	wasm, err := os.ReadFile(filepath.Join(b.web, "app.wasm"))
	if err != nil {
		<-done
		return err
	}
	if !b.cfg.want("sizes") && len(b.recompress) == 0 {
		// A partial run (-only) needs the baseline built and compressed
		// to serve it, not the sizes at brotli 11.
		<-done
		if baselineErr != nil {
			return baselineErr
		}
		b.baselineWasm, b.baselineBr = baseline, compress.Brotli(baseline, 5)
		return nil
	}
	app := compressBoth(wasm)
	b.res.Sizes.Wasm = app.size
	for _, ext := range b.recompress {
		body := map[string][]byte{".br": app.br, ".gz": app.gz}[ext]
		if err := os.WriteFile(filepath.Join(b.web, "app.wasm"+ext), body, 0o644); err != nil {
			<-done
			return err
		}
	}

	<-done
	if baselineErr != nil {
		return baselineErr
	}
	base := compressBoth(baseline)
	b.baselineWasm, b.baselineBr = baseline, base.br
	b.res.Sizes.Baseline = base.size
	b.res.Sizes.WasmBrotliRatio = float64(app.size.Brotli) / float64(base.size.Brotli)
	with, err := buildQRCost(ctx, b.tmp, true)
	if err != nil {
		return err
	}
	without, err := buildQRCost(ctx, b.tmp, false)
	if err != nil {
		return err
	}
	w, wo := compressBoth(with).size, compressBoth(without).size
	b.res.Sizes.QREncoder = Size{Raw: w.Raw - wo.Raw, Gzip: w.Gzip - wo.Gzip, Brotli: w.Brotli - wo.Brotli}
	return nil
}

// buildQRCost builds bench/qrcost with or without the QR encoder (the tag
// qr), with the product's flags.
func buildQRCost(ctx context.Context, tmp string, qr bool) ([]byte, error) {
	out, err := filepath.Abs(filepath.Join(tmp, fmt.Sprintf("qrcost-%v.wasm", qr)))
	if err != nil {
		return nil, err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, err
	}
	args := []string{"build", "-trimpath", "-ldflags=-s -w", "-o", out}
	if qr {
		args = append(args, "-tags", "qr")
	}
	cmd := exec.CommandContext(ctx, goBin, append(args, "./qrcost")...)
	cmd.Dir = "bench"
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building bench/qrcost (qr %v): %w\n%s", qr, err, msg)
	}
	return os.ReadFile(out)
}

// buildBaseline builds bench/baseline as make build builds the widget's wasm.
func buildBaseline(ctx context.Context, tmp string) ([]byte, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("no go on $PATH to build the baseline: %w", err)
	}
	// The baseline is built in the bench's module, which must use the
	// go-app of the product's for the comparison to mean anything.
	var versions [2]string
	for i, dir := range []string{".", "bench"} {
		cmd := exec.CommandContext(ctx, goBin, "list", "-m", "-f", "{{.Version}}", "github.com/maxence-charriere/go-app/v10")
		cmd.Dir = dir
		v, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("the go-app version of the module in %s: %w", dir, err)
		}
		versions[i] = strings.TrimSpace(string(v))
	}
	if versions[0] != versions[1] {
		return nil, fmt.Errorf("the product uses go-app %s and the bench's baseline %s: make bench/go.mod require the product's (go mod tidy in bench/)", versions[0], versions[1])
	}
	out, err := filepath.Abs(filepath.Join(tmp, "baseline.wasm"))
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./baseline")
	cmd.Dir = "bench"
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the baseline wasm: %w\n%s", err, msg)
	}
	return os.ReadFile(out)
}

// pageSizes measures what the running server sends, uncompressed: the first
// page, embed.js and the guide's JSON.
func (b *bench) pageSizes(ctx context.Context) error {
	for _, f := range []struct {
		path string
		dst  *Size
	}{
		{"/", &b.res.Sizes.FirstPage},
		{"/embed.js", &b.res.Sizes.EmbedJS},
		{guideJSONPath, &b.res.Sizes.GuideJSON},
	} {
		body, err := getRaw(ctx, b.fixflow+f.path)
		if err != nil {
			return err
		}
		*f.dst = compressBoth(body).size
	}
	return nil
}

// getRaw GETs a URL and returns its body as sent without compression.
func getRaw(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := plainClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if enc := resp.Header.Get("Content-Encoding"); enc != "" && enc != "identity" {
		return nil, fmt.Errorf("GET %s: sent %s although asked for identity", url, enc)
	}
	return body, nil
}

// plainClient never decompresses for us and never uses a proxy.
var plainClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableCompression: true, Proxy: nil}}
