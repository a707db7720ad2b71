package siteconfig

import (
	"encoding/json"
	"fmt"

	engine "github.com/fixflow/fixflow/app"
	"github.com/fixflow/fixflow/content"
	"github.com/fixflow/fixflow/content/lint"
)

// Apply returns the guides of lib with the configuration's contacts in
// place of theirs: in each guide and language it configures, every contact
// of an outcome whose kind it names takes the configured name (as who),
// page, phone and hours, each one the configuration gives; why to contact
// them and what to tell them stay the guide's. lib must be the library the
// configuration was checked against (Parse), and is left as it is.
//
// A changed guide's document is written anew, so that the bytes the server
// serves (and names by their content.Hash) hold what its pages show; its
// GraphHash does not change, so saved walks and counted statistics still
// match it. The documents are checked by every rule of a guide again
// (lint.Library) before the library is made.
func (c *Config) Apply(lib *content.Library) (*content.Library, error) {
	if len(c.Contacts) == 0 {
		return lib, nil
	}
	guides := lib.Guides()
	srcs := make([]content.Source, len(guides))
	for i, f := range guides {
		name := f.ID + "." + f.Lang + ".json"
		raw, ok := lib.Raw(f.ID, f.Lang)
		if !ok || len(raw) == 0 {
			return nil, fmt.Errorf("site configuration: guide %s has no document to apply the contacts to", name)
		}
		if over := c.Contacts[f.ID][f.Lang]; len(over) > 0 {
			var err error
			if raw, err = withContacts(name, raw, over); err != nil {
				return nil, err
			}
		}
		srcs[i] = content.Source{Name: name, Data: raw}
	}
	// The interface words go along unchanged: a library without them
	// serves no page.
	for _, lang := range lib.StringsLangs() {
		raw, _ := lib.RawStrings(lang)
		srcs = append(srcs, content.Source{Name: "content/strings/" + lang + ".json", Data: raw})
	}
	out, err := lint.Library(srcs)
	if err != nil {
		return nil, fmt.Errorf("site configuration: the guides with its contacts are not valid:\n%w", err)
	}
	for _, f := range guides {
		g, ok := out.Guide(f.ID, f.Lang)
		if !ok || g.Lang != f.Lang || g.GraphHash() != f.GraphHash() {
			return nil, fmt.Errorf("site configuration: applying its contacts changed guide %s.%s.json beyond its contacts", f.ID, f.Lang)
		}
	}
	return out, nil
}

// withContacts is the document raw (named name) with the contacts over in
// place of the contacts of their kinds.
func withContacts(name string, raw []byte, over map[string]Contact) ([]byte, error) {
	f, err := content.Decode(name, raw) // a copy of its own
	if err != nil {
		return nil, err
	}
	for i := range f.Nodes {
		for j := range f.Nodes[i].Contacts {
			ct := &f.Nodes[i].Contacts[j]
			o, ok := over[ct.Kind]
			if !ok {
				continue
			}
			set(&ct.Who, o.Name)
			set(&ct.URL, o.URL)
			set(&ct.Phone, o.Phone)
			set(&ct.Hours, o.Hours)
		}
	}
	return encodeFlow(f)
}

// set sets *dst to v unless v is empty.
func set(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// encodeFlow writes a flow as a guide document.
func encodeFlow(f *engine.Flow) ([]byte, error) {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
