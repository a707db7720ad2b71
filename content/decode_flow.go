package content

import engine "github.com/fixflow/fixflow/app"

// DecodeFlow decodes a guide document into a flow, field by field, without
// reflection (see reader): the wasm's decoder. It does not index the flow
// nor validate it. It knows every field of the engine's types as the
// documents write them (app's json tags); TestDecodeFlowMatchesReflection
// and FuzzDecodeFlow (content/lint) hold it to encoding/json's decode of
// every document lint accepts, so a field added to the engine and not here
// fails there.
func DecodeFlow(data []byte) (*engine.Flow, error) {
	r := newReader(data)
	f := new(engine.Flow)
	for r.object(); r.more('}'); {
		switch k := r.key(); k {
		case "id":
			f.ID = r.str()
		case "version":
			f.Version = r.integer()
		case "lang":
			f.Lang = r.str()
		case "title":
			f.Title = r.str()
		case "summary":
			f.Summary = r.str()
		case "start":
			f.Start = r.str()
		case "facts":
			f.Facts = []engine.Fact{}
			for r.array(); r.more(']'); {
				f.Facts = append(f.Facts, r.fact())
			}
		case "strings":
			f.Strings = r.strMap()
		case "nodes":
			f.Nodes = []engine.Node{}
			for r.array(); r.more(']'); {
				f.Nodes = append(f.Nodes, r.node())
			}
		default:
			r.unknown(k)
		}
	}
	if err := r.end(); err != nil {
		return nil, err
	}
	return f, nil
}

func (r *reader) strMap() map[string]string {
	m := map[string]string{}
	for r.object(); r.more('}'); {
		k := r.key()
		m[k] = r.str()
	}
	return m
}

func (r *reader) condition() engine.Condition {
	c := engine.Condition{}
	for r.object(); r.more('}'); {
		k := r.key()
		c[k] = r.strs()
	}
	return c
}

func (r *reader) fact() engine.Fact {
	var fa engine.Fact
	for r.object(); r.more('}'); {
		switch k := r.key(); k {
		case "id":
			fa.ID = r.str()
		case "question":
			fa.Question = r.str()
		case "label":
			fa.Label = r.str()
		case "options":
			fa.Options = []engine.FactOption{}
			for r.array(); r.more(']'); {
				fa.Options = append(fa.Options, r.factOption())
			}
		case "unknown":
			for r.object(); r.more('}'); {
				switch k := r.key(); k {
				case "label":
					fa.Unknown.Label = r.str()
				case "help":
					fa.Unknown.Help = r.str()
				default:
					r.unknown(k)
				}
			}
		case "detect":
			fa.Detect = r.str()
		default:
			r.unknown(k)
		}
	}
	return fa
}

func (r *reader) factOption() engine.FactOption {
	var o engine.FactOption
	for r.object(); r.more('}'); {
		switch k := r.key(); k {
		case "id":
			o.ID = r.str()
		case "label":
			o.Label = r.str()
		case "hint":
			o.Hint = r.str()
		case "detect":
			d := new(engine.Detect)
			for r.object(); r.more('}'); {
				switch k := r.key(); k {
				case "from":
					d.From = r.integer()
				case "to":
					d.To = r.integer()
				case "also":
					d.Also = r.strs()
				default:
					r.unknown(k)
				}
			}
			o.Detect = d
		default:
			r.unknown(k)
		}
	}
	return o
}

func (r *reader) node() engine.Node {
	var n engine.Node
	for r.object(); r.more('}'); {
		switch k := r.key(); k {
		case "id":
			n.ID = r.str()
		case "kind":
			n.Kind = engine.Kind(r.str())
		case "when":
			n.When = r.condition()
		case "title":
			n.Title = r.str()
		case "body":
			n.Body = r.str()
		case "options":
			n.Options = []engine.Option{}
			for r.array(); r.more(']'); {
				n.Options = append(n.Options, r.option())
			}
		case "why":
			n.Why = r.str()
		case "steps":
			n.Steps = r.instructions()
		case "paths":
			n.Paths = []engine.SettingsPath{}
			for r.array(); r.more(']'); {
				var p engine.SettingsPath
				for r.object(); r.more('}'); {
					switch k := r.key(); k {
					case "when":
						p.When = r.condition()
					case "path":
						p.Path = r.strs()
					default:
						r.unknown(k)
					}
				}
				n.Paths = append(n.Paths, p)
			}
		case "warning":
			n.Warning = r.str()
		case "models":
			n.Models = []engine.ModelSteps{}
			for r.array(); r.more(']'); {
				var m engine.ModelSteps
				for r.object(); r.more('}'); {
					switch k := r.key(); k {
					case "when":
						m.When = r.condition()
					case "steps":
						m.Steps = r.instructions()
					default:
						r.unknown(k)
					}
				}
				n.Models = append(n.Models, m)
			}
		case "links":
			n.Links = []engine.Link{}
			for r.array(); r.more(']'); {
				var l engine.Link
				for r.object(); r.more('}'); {
					switch k := r.key(); k {
					case "label":
						l.Label = r.str()
					case "url":
						l.URL = r.str()
					case "when":
						l.When = r.condition()
					default:
						r.unknown(k)
					}
				}
				n.Links = append(n.Links, l)
			}
		case "sources":
			n.Sources = r.strs()
		case "verified":
			v := new(engine.Verified)
			for r.object(); r.more('}'); {
				switch k := r.key(); k {
				case "version":
					v.Version = r.str()
				case "date":
					v.Date = r.str()
				default:
					r.unknown(k)
				}
			}
			n.Verified = v
		case "fixed":
			n.Fixed = r.str()
		case "next":
			n.Next = r.str()
		case "cant_find":
			n.CantFind = r.str()
		case "recipient":
			n.Recipient = r.boolean()
		case "result":
			n.Result = r.str()
		case "contacts":
			n.Contacts = []engine.Contact{}
			for r.array(); r.more(']'); {
				var c engine.Contact
				for r.object(); r.more('}'); {
					switch k := r.key(); k {
					case "kind":
						c.Kind = r.str()
					case "who":
						c.Who = r.str()
					case "why":
						c.Why = r.str()
					case "tell":
						c.Tell = r.str()
					case "url":
						c.URL = r.str()
					case "phone":
						c.Phone = r.str()
					case "hours":
						c.Hours = r.str()
					default:
						r.unknown(k)
					}
				}
				n.Contacts = append(n.Contacts, c)
			}
		case "wait":
			w := new(engine.Wait)
			for r.object(); r.more('}'); {
				switch k := r.key(); k {
				case "for":
					w.For = r.str()
				case "hours":
					w.Hours = r.integer()
				default:
					r.unknown(k)
				}
			}
			n.Wait = w
		case "workaround":
			w := new(engine.Workaround)
			for r.object(); r.more('}'); {
				switch k := r.key(); k {
				case "now":
					w.Now = r.str()
				case "remains":
					w.Remains = r.str()
				default:
					r.unknown(k)
				}
			}
			n.Workaround = w
		default:
			r.unknown(k)
		}
	}
	return n
}

func (r *reader) option() engine.Option {
	var o engine.Option
	for r.object(); r.more('}'); {
		switch k := r.key(); k {
		case "id":
			o.ID = r.str()
		case "label":
			o.Label = r.str()
		case "hint":
			o.Hint = r.str()
		case "next":
			o.Next = r.str()
		case "when":
			o.When = r.condition()
		default:
			r.unknown(k)
		}
	}
	return o
}

// instructions reads a check's steps: each a string (its text) or an
// object (see engine.Instruction).
func (r *reader) instructions() []engine.Instruction {
	out := []engine.Instruction{}
	for r.array(); r.more(']'); {
		var in engine.Instruction
		if r.peek() == '"' {
			in.Text = r.str()
			out = append(out, in)
			continue
		}
		for r.object(); r.more('}'); {
			switch k := r.key(); k {
			case "text":
				in.Text = r.str()
			case "when":
				in.When = r.condition()
			case "warning":
				in.Warning = r.str()
			case "image":
				img := new(engine.Image)
				for r.object(); r.more('}'); {
					switch k := r.key(); k {
					case "src":
						img.Src = r.str()
					case "alt":
						img.Alt = r.str()
					case "width":
						img.Width = r.integer()
					case "height":
						img.Height = r.integer()
					default:
						r.unknown(k)
					}
				}
				in.Image = img
			default:
				r.unknown(k)
			}
		}
		out = append(out, in)
	}
	return out
}
