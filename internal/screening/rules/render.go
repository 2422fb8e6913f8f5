package rules

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

type lang int

const (
	langEN lang = iota
	langZH
)

// render fills an explanation's placeholders from the evaluation's
// variables. A placeholder that fails renders as "?" and its error is
// returned.
func render(segs []segment, act map[string]any, l lang) (string, error) {
	var (
		b     strings.Builder
		first error
	)
	for _, s := range segs {
		if s.prg == nil {
			b.WriteString(s.literal)
			continue
		}
		out, _, err := s.prg.Eval(act)
		if err != nil {
			b.WriteString("?")
			if first == nil {
				first = fmt.Errorf("placeholder {{%s}}: %w", s.expr, err)
			}
			continue
		}
		b.WriteString(formatValue(toNative(out), l))
	}
	return b.String(), first
}

// toNative converts a CEL value to plain Go values: lists to []any, maps to
// map[string]any, timestamps to time.Time, native structs to themselves.
func toNative(v ref.Val) any {
	switch x := v.(type) {
	case types.Null:
		return nil
	case traits.Lister:
		if _, isBytes := v.(types.Bytes); isBytes {
			return v.Value()
		}
		n, ok := x.Size().(types.Int)
		if !ok {
			return v.Value()
		}
		out := make([]any, 0, int(n))
		for i := types.Int(0); i < n; i++ {
			out = append(out, toNative(x.Get(i)))
		}
		return out
	case traits.Mapper:
		out := map[string]any{}
		it := x.Iterator()
		for it.HasNext() == types.True {
			k := it.Next()
			out[fmt.Sprint(k.Value())] = toNative(x.Get(k))
		}
		return out
	}
	return v.Value()
}

// formatValue writes a fact value for people: dates as YYYY-MM-DD, lists
// joined, organizations and people by name (in Chinese text by their Chinese
// name when known: nameOf), booleans as yes/no.
func formatValue(v any, l lang) string {
	const none = "—"
	switch x := v.(type) {
	case nil:
		return none
	case string:
		if x == "" {
			return none
		}
		return x
	case bool:
		if l == langZH {
			return map[bool]string{true: "是", false: "否"}[x]
		}
		return map[bool]string{true: "yes", false: "no"}[x]
	case time.Time:
		if x.IsZero() {
			return none
		}
		return x.UTC().Format(time.DateOnly)
	case time.Duration:
		if x%(24*time.Hour) == 0 {
			days := int64(x / (24 * time.Hour))
			if l == langZH {
				return strconv.FormatInt(days, 10) + "天"
			}
			if days == 1 || days == -1 {
				return strconv.FormatInt(days, 10) + " day"
			}
			return strconv.FormatInt(days, 10) + " days"
		}
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case Organization, Partner, Attendee, Participant, Viewer, Name:
		n, _ := nameOf(x)
		if l == langZH && n.ZH != "" {
			return n.ZH
		}
		return orNone(n.EN)
	case Funding:
		return formatValue(x.Funder, l)
	case WatchlistMatch:
		if x.MatchedName == "" || x.MatchedName == x.EntryName {
			return fmt.Sprintf("%s (%s, %s)", orNone(x.EntryName), x.List, x.Level)
		}
		if l == langZH {
			return fmt.Sprintf("%s（别名 %s；%s，%s）", orNone(x.EntryName), x.MatchedName, x.List, x.Level)
		}
		return fmt.Sprintf("%s (alias %s; %s, %s)", orNone(x.EntryName), x.MatchedName, x.List, x.Level)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		// CEL hands nested structs (participant.employer) over as pointers.
		if rv.IsNil() {
			return none
		}
		return formatValue(rv.Elem().Interface(), l)
	}
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		if rv.Len() == 0 {
			return none
		}
		sep := ", "
		if l == langZH {
			sep = "、"
		}
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = formatValue(rv.Index(i).Interface(), l)
		}
		return strings.Join(parts, sep)
	}
	return fmt.Sprint(v)
}

// nameOf is the printable name of a fact value with one: an organization, partner or viewer
// with its Chinese name, a person with their native name when it is written in Chinese
// characters. Pointers are followed.
func nameOf(v any) (Name, bool) {
	switch x := v.(type) {
	case Organization:
		return Name{EN: x.Name, ZH: x.NameZH}, true
	case Partner:
		return Name{EN: x.Name, ZH: x.NameZH}, true
	case Viewer:
		return Name{EN: x.Name, ZH: x.NameZH}, true
	case Attendee:
		return Name{EN: x.Name, ZH: chineseName(x.NameNative)}, true
	case Participant:
		return Name{EN: x.Name, ZH: chineseName(x.NameNative)}, true
	case Name:
		return x, true
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return nameOf(rv.Elem().Interface())
	}
	return Name{}, false
}

// chineseName is a native-script name when it is written in Chinese characters, else "".
func chineseName(native string) string {
	if hasHan(native) {
		return strings.TrimSpace(native)
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
