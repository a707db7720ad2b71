package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png" // the logo's size
)

// Brand is the host's look (a site configuration's brand): the installed
// app's name, the theme colour, which is also the widget's accent unless an
// embedding page sets its own (data-accent), and a square PNG logo, the
// app's icon. Empty fields keep fixflow's.
type Brand struct {
	Name      string
	ShortName string // "" is Name
	Color     string // #rgb or #rrggbb
	Logo      []byte // a square PNG
}

// The brand's files, when it has them.
const (
	brandCSSPath  = "/web/brand.css"
	brandLogoPath = "/web/brand/logo.png"
)

// addBrand adds the brand's files to the assets: the logo, and a style
// sheet that makes the colour the widget's default accent (the page script
// sets an embedding page's data-accent on the root element's style, which
// wins over a style sheet).
func addBrand(a *assetSet, b Brand) error {
	if b.Color != "" {
		if !hexColor(b.Color) {
			return fmt.Errorf("brand colour %q: want #rgb or #rrggbb", b.Color)
		}
		css := "/* the site configuration's brand colour */\n:root { --ff-host-accent: " + b.Color + "; }\n"
		a.add(newAsset(brandCSSPath, "text/css; charset=utf-8", []byte(css), nil, nil))
	}
	if len(b.Logo) > 0 {
		if _, err := logoSize(b.Logo); err != nil {
			return err
		}
		a.add(newAsset(brandLogoPath, "image/png", b.Logo, nil, nil))
	}
	return nil
}

// logoSize is the side of a square PNG logo.
func logoSize(png []byte) (int, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(png))
	if err != nil || format != "png" || cfg.Width != cfg.Height || cfg.Width < 192 {
		return 0, fmt.Errorf("the brand logo must be a square PNG of at least 192 px (%v)", err)
	}
	return cfg.Width, nil
}

// brandManifest rewrites go-app's web app manifest with the brand: its
// name, short name and theme colour, and the logo as the only icon.
func brandManifest(body []byte, b Brand, logoURL string) ([]byte, error) {
	if b.Name == "" && b.Color == "" && len(b.Logo) == 0 {
		return body, nil
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("go-app's manifest: %w", err)
	}
	if b.Name != "" {
		m["name"] = b.Name
		m["short_name"] = b.Name
	}
	if b.ShortName != "" {
		m["short_name"] = b.ShortName
	}
	if b.Color != "" {
		m["theme_color"] = b.Color
	}
	if len(b.Logo) > 0 {
		side, err := logoSize(b.Logo)
		if err != nil {
			return nil, err
		}
		m["icons"] = []map[string]string{{"src": logoURL, "sizes": fmt.Sprintf("%dx%d", side, side), "type": "image/png", "purpose": "any"}}
	}
	return json.MarshalIndent(m, "", "  ")
}

// hexColor accepts #rgb and #rrggbb.
func hexColor(s string) bool {
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, c := range s[1:] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
