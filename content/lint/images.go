package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	engine "github.com/fixflow/fixflow/app"
)

// Limits on a step's image.
const (
	MaxImageBytes = 64 << 10 // an image file, at most (64 KiB)
	MaxImageSide  = 1200     // width and height, in CSS pixels
)

// imageTypes are the image formats a guide may show, by extension, with the
// bytes their files start with ("" for SVG, which is text: see svgProblem).
var imageTypes = map[string]string{
	".svg":  "",
	".png":  "\x89PNG\r\n\x1a\n",
	".webp": "RIFF",
}

// checkImage checks an image's fields: src names a file of images/ with an
// allowed extension, alt says what it shows, and the size is given.
func checkImage(r *reporter, p string, img *engine.Image) {
	if img.Src == "" {
		r.at(fieldPath(p, "src"), "missing or empty; give the image's file, e.g. \"images/restart.svg\"")
	} else if msg := imageSrcProblem(img.Src); msg != "" {
		r.at(fieldPath(p, "src"), "%s", msg)
	}
	required(r, fieldPath(p, "alt"), img.Alt, "what the image shows, for someone who cannot see it")
	for _, side := range []struct {
		name string
		v    int
	}{{"width", img.Width}, {"height", img.Height}} {
		if side.v < 1 || side.v > MaxImageSide {
			r.at(fieldPath(p, side.name), "%s is %d; give the size the image is drawn at in CSS pixels, 1 to %d, so that nothing moves when it loads", side.name, side.v, MaxImageSide)
		}
	}
}

// imageSrcProblem says what is wrong with an image's src, or "".
func imageSrcProblem(src string) string {
	name, ok := strings.CutPrefix(src, "images/")
	ext := path.Ext(name)
	if _, known := imageTypes[ext]; !ok || !known || !engine.ValidID(strings.TrimSuffix(name, ext)) {
		return fmt.Sprintf("src %q is not a file of the content's images directory; write \"images/<name>.svg\" (or .png, .webp), the name in a-z, 0-9 and -", src)
	}
	return ""
}

// images lists the images of a flow with their paths.
func images(f *engine.Flow) (paths []string, imgs []*engine.Image) {
	steps := func(p string, ins []engine.Instruction) {
		for k := range ins {
			if img := ins[k].Image; img != nil {
				paths = append(paths, fieldPath(indexPath(p, k), "image"))
				imgs = append(imgs, img)
			}
		}
	}
	for i := range f.Nodes {
		n := &f.Nodes[i]
		p := indexPath("nodes", i)
		steps(fieldPath(p, "steps"), n.Steps)
		for k, m := range n.Models {
			steps(fieldPath(indexPath(fieldPath(p, "models"), k), "steps"), m.Steps)
		}
	}
	return paths, imgs
}

// checkImageFiles checks the files of a document's images in dir, its
// content directory: each is a regular file of at most MaxImageBytes, of the
// format its extension says, and an SVG has no script, event handler,
// foreign object or outside reference.
func checkImageFiles(r *reporter, f *engine.Flow, dir fs.FS) {
	paths, imgs := images(f)
	for i, img := range imgs {
		if imageSrcProblem(img.Src) != "" {
			continue // reported with the fields
		}
		if msg := imageFileProblem(dir, img.Src); msg != "" {
			r.at(fieldPath(paths[i], "src"), "%s", msg)
		}
	}
}

// imageFileProblem says what is wrong with the image file src of dir, or "".
func imageFileProblem(dir fs.FS, src string) string {
	info, err := fs.Stat(dir, src)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("no file %s in the content directory (beside the guides' directory); add it or fix src", src)
	case err != nil:
		return fmt.Sprintf("cannot read %s: %v", src, err)
	case !info.Mode().IsRegular():
		return fmt.Sprintf("%s is not a regular file", src)
	case info.Size() > MaxImageBytes:
		return fmt.Sprintf("%s is %d bytes, over the limit of %d (64 KiB); simplify or compress it", src, info.Size(), MaxImageBytes)
	}
	data, err := fs.ReadFile(dir, src)
	if err != nil {
		return fmt.Sprintf("cannot read %s: %v", src, err)
	}
	if len(data) > MaxImageBytes {
		return fmt.Sprintf("%s is over the limit of %d bytes", src, MaxImageBytes)
	}
	ext := path.Ext(src)
	if magic := imageTypes[ext]; magic != "" {
		if !bytes.HasPrefix(data, []byte(magic)) || ext == ".webp" && (len(data) < 12 || string(data[8:12]) != "WEBP") {
			return fmt.Sprintf("%s is not a %s file (its first bytes are not a %[2]s header)", src, strings.ToUpper(ext[1:]))
		}
		return ""
	}
	return svgProblem(src, data)
}

// svgProblem refuses an SVG that is not one, or that could run or fetch
// anything: the site serves images from its own origin, where a script in
// an SVG opened on its own would run.
func svgProblem(src string, data []byte) string {
	lower := bytes.ToLower(data)
	if !bytes.Contains(lower, []byte("<svg")) {
		return fmt.Sprintf("%s is not an SVG image (no <svg> element)", src)
	}
	for _, bad := range []struct{ s, what string }{
		{"<script", "a script"},
		{"<foreignobject", "a foreignObject"},
		{"javascript:", "a javascript: URL"},
		{"<!entity", "an entity declaration"},
		{"href=\"http", "an outside reference"},
		{"href='http", "an outside reference"},
		{"url(http", "an outside reference"},
		{"@import", "a style import"},
	} {
		if bytes.Contains(lower, []byte(bad.s)) {
			return fmt.Sprintf("%s holds %s; an image may only draw", src, bad.what)
		}
	}
	for i := 0; i+2 < len(lower); i++ {
		if c := lower[i]; (c != ' ' && c != '\t' && c != '\n' && c != '\r') || lower[i+1] != 'o' || lower[i+2] != 'n' {
			continue
		}
		rest := lower[i+3:]
		j := 0
		for j < len(rest) && 'a' <= rest[j] && rest[j] <= 'z' {
			j++
		}
		if j > 0 && bytes.HasPrefix(bytes.TrimLeft(rest[j:], " \t\r\n"), []byte("=")) {
			return fmt.Sprintf("%s holds an event handler (on%s); an image may only draw", src, rest[:j])
		}
	}
	return ""
}
