// Package golit writes a Go value as Go source: a composite literal that,
// compiled, is equal to the value (reflect.DeepEqual, unexported fields
// aside). It is for generated code that must follow a type as it changes:
// the literal is derived from the value's type by reflection at generation
// time, so nothing in the generator names a field.
//
// It writes bools, numbers, strings, structs (exported fields, zero ones
// left out), pointers, slices, arrays, maps (keys sorted) and interfaces
// holding any of those. Functions, channels and unexported fields are not
// data: a value whose exported fields hold them is refused.
package golit

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Writer writes literals for a file of package pkg (its import path):
// types of other packages are qualified with the names Imports returns.
type Writer struct {
	pkg     string
	aliases map[string]string // import path -> name in the file
	used    map[string]bool
}

// New returns a Writer for a file of the package with import path pkg;
// aliases names imports by path (others are named by their last element).
func New(pkg string, aliases map[string]string) *Writer {
	w := &Writer{pkg: pkg, aliases: map[string]string{}}
	for p, a := range aliases {
		w.aliases[p] = a
	}
	w.used = map[string]bool{}
	return w
}

// Imports are the imports the literals written so far need, as lines of an
// import block (`name "path"`), sorted.
func (w *Writer) Imports() []string {
	var out []string
	for p := range w.used {
		out = append(out, w.aliases[p]+" "+strconv.Quote(p))
	}
	sort.Strings(out)
	return out
}

// Literal writes v.
func (w *Writer) Literal(v any) (string, error) {
	var b strings.Builder
	if err := w.value(&b, reflect.ValueOf(v), true); err != nil {
		return "", err
	}
	return b.String(), nil
}

// Type writes the type t as the file names it.
func (w *Writer) Type(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() == "" || t.PkgPath() == w.pkg {
			return t.Name()
		}
		a, ok := w.aliases[t.PkgPath()]
		if !ok {
			a = t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
			w.aliases[t.PkgPath()] = a
		}
		w.used[t.PkgPath()] = true
		return a + "." + t.Name()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + w.Type(t.Elem())
	case reflect.Slice:
		return "[]" + w.Type(t.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), w.Type(t.Elem()))
	case reflect.Map:
		return "map[" + w.Type(t.Key()) + "]" + w.Type(t.Elem())
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any"
		}
	}
	return t.String()
}

// value writes v; typed says whether the context needs the type written
// (false inside a composite literal of its type, where Go elides it).
func (w *Writer) value(b *strings.Builder, v reflect.Value, typed bool) error {
	t := v.Type()
	switch t.Kind() {
	case reflect.Bool:
		return w.basic(b, t, strconv.FormatBool(v.Bool()), typed)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return w.basic(b, t, strconv.FormatInt(v.Int(), 10), typed)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return w.basic(b, t, strconv.FormatUint(v.Uint(), 10), typed)
	case reflect.Float32, reflect.Float64:
		return w.basic(b, t, strconv.FormatFloat(v.Float(), 'g', -1, t.Bits()), typed)
	case reflect.String:
		return w.basic(b, t, strconv.Quote(v.String()), typed)
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return nil
		}
		if v.Elem().Kind() != reflect.Struct {
			return fmt.Errorf("golit: a pointer to %s has no literal", v.Elem().Type())
		}
		b.WriteString("&")
		return w.value(b, v.Elem(), true)
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return nil
		}
		return w.value(b, v.Elem(), true)
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return nil
		}
		fallthrough
	case reflect.Array:
		if typed {
			b.WriteString(w.Type(t))
		}
		b.WriteString("{")
		for i := 0; i < v.Len(); i++ {
			b.WriteString("\n")
			if err := w.value(b, v.Index(i), !elided(t.Elem())); err != nil {
				return err
			}
			b.WriteString(",")
		}
		if v.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
		return nil
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("nil")
			return nil
		}
		if typed {
			b.WriteString(w.Type(t))
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		b.WriteString("{")
		for _, k := range keys {
			b.WriteString("\n")
			if err := w.value(b, k, !elided(t.Key())); err != nil {
				return err
			}
			b.WriteString(": ")
			if err := w.value(b, v.MapIndex(k), !elided(t.Elem())); err != nil {
				return err
			}
			b.WriteString(",")
		}
		if len(keys) > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
		return nil
	case reflect.Struct:
		if typed {
			b.WriteString(w.Type(t))
		}
		b.WriteString("{")
		n := 0
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fv := v.Field(i)
			if fv.IsZero() {
				continue
			}
			b.WriteString("\n" + f.Name + ": ")
			if err := w.value(b, fv, true); err != nil {
				return fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
			}
			b.WriteString(",")
			n++
		}
		if n > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
		return nil
	}
	return fmt.Errorf("golit: a %s has no literal", t)
}

// elided says whether Go lets a composite literal's element of type t be
// written without its type: structs, and pointers to structs (&T{} as {}).
func elided(t reflect.Type) bool {
	return t.Kind() == reflect.Struct || t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct ||
		t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array
}

// basic writes a bool, number or string; a named type is converted.
func (w *Writer) basic(b *strings.Builder, t reflect.Type, lit string, typed bool) error {
	if t.Name() != "" && t.PkgPath() != "" && typed {
		b.WriteString(w.Type(t) + "(" + lit + ")")
		return nil
	}
	if t.Name() != "" && t.PkgPath() == "" && typed && t.Kind() != reflect.String && t.Kind() != reflect.Bool && t.Kind() != reflect.Int && t.Kind() != reflect.Float64 {
		b.WriteString(t.Name() + "(" + lit + ")")
		return nil
	}
	b.WriteString(lit)
	return nil
}
