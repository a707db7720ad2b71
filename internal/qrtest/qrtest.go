// Package qrtest reads back the QR codes the widget draws, for tests: it
// paints an SVG's path of dark modules (as components draws it: one
// "Mx yhNv1h-Nz" rectangle per run) into an image and decodes that with a
// QR decoder of its own, github.com/makiuchi-d/gozxing, which nothing but
// tests links.
package qrtest

import (
	"fmt"
	"image"
	"image/color"
	"regexp"
	"strconv"
	"strings"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

var (
	viewBox = regexp.MustCompile(`^0 0 (\d+) (\d+)$`)
	run     = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
)

// scale is how many pixels a module gets in the painted image.
const scale = 6

// Decode paints the QR code of an SVG (its viewBox and the d of its dark
// path) and returns the text it holds.
func Decode(box, d string) (string, error) {
	m := viewBox.FindStringSubmatch(box)
	if m == nil || m[1] != m[2] {
		return "", fmt.Errorf("viewBox %q is not a square from 0 0", box)
	}
	side, _ := strconv.Atoi(m[1])
	img := image.NewGray(image.Rect(0, 0, side*scale, side*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	rest := run.ReplaceAllStringFunc(d, func(r string) string {
		p := run.FindStringSubmatch(r)
		x, _ := strconv.Atoi(p[1])
		y, _ := strconv.Atoi(p[2])
		w, _ := strconv.Atoi(p[3])
		for px := x * scale; px < (x+w)*scale; px++ {
			for py := y * scale; py < (y+1)*scale; py++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
		if p[3] != p[4] {
			return "!"
		}
		return ""
	})
	if strings.TrimSpace(rest) != "" {
		return "", fmt.Errorf("the path has parts that are not runs of modules: %.80q", rest)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}
