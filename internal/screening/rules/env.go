package rules

import (
	"reflect"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
)

// CEL variable names of the fact model.
const (
	varSession      = "session"
	varParticipant  = "participant"
	varViewer       = "viewer"
	varSharing      = "sharing"
	varNow          = "now"
	varSessionFlags = "session_flags"
)

// factVars are the names rule conditions may use as roots, besides a rule's
// own let bindings.
var factVars = []string{varSession, varParticipant, varViewer, varSharing, varNow, varSessionFlags}

var (
	baseEnvOnce sync.Once
	baseEnv     *cel.Env
	baseEnvErr  error
	// nameAdapter turns the Name values name_of returns into CEL values; set with baseEnv.
	nameAdapter types.Adapter
)

// funcNameOf is the CEL function giving the printable Name of an organization, partner, person
// or viewer.
const funcNameOf = "name_of"

// nameOfOverloads declares name_of for every fact type that has a name.
func nameOfOverloads() []cel.FunctionOpt {
	var out []cel.FunctionOpt
	for _, t := range []string{"Organization", "Partner", "Attendee", "Participant", "Viewer"} {
		out = append(out, cel.Overload("name_of_"+strings.ToLower(t), []*cel.Type{cel.ObjectType("rules." + t)},
			cel.ObjectType("rules.Name"), cel.UnaryBinding(func(v ref.Val) ref.Val {
				n, ok := nameOf(v.Value())
				if !ok {
					return types.NewErr("name_of: no name in %T", v.Value())
				}
				return nameAdapter.NativeToValue(n)
			})))
	}
	return out
}

// newBaseEnv returns the CEL environment with the fact model declared.
func newBaseEnv() (*cel.Env, error) {
	baseEnvOnce.Do(func() {
		baseEnv, baseEnvErr = cel.NewEnv(
			ext.NativeTypes(
				ext.ParseStructTags(true),
				reflect.TypeFor[Session](),
				reflect.TypeFor[Participant](),
				reflect.TypeFor[Viewer](),
				reflect.TypeFor[Sharing](),
				reflect.TypeFor[Name](),
			),
			cel.Variable(varSession, cel.ObjectType("rules.Session")),
			cel.Variable(varParticipant, cel.ObjectType("rules.Participant")),
			cel.Variable(varViewer, cel.ObjectType("rules.Viewer")),
			cel.Variable(varSharing, cel.ObjectType("rules.Sharing")),
			cel.Variable(varNow, cel.TimestampType),
			cel.Variable(varSessionFlags, cel.ListType(cel.StringType)),
			ext.Strings(),
			ext.Sets(),
			ext.Lists(),
			cel.Function("known",
				cel.Overload("known_timestamp", []*cel.Type{cel.TimestampType}, cel.BoolType,
					cel.UnaryBinding(func(v ref.Val) ref.Val {
						t, ok := v.(types.Timestamp)
						return types.Bool(ok && !t.Time.IsZero())
					}))),
			cel.Function(funcNameOf, nameOfOverloads()...),
			cel.Function("days_between",
				cel.Overload("days_between_timestamp_timestamp", []*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType,
					cel.BinaryBinding(func(a, b ref.Val) ref.Val {
						ta, ok1 := a.(types.Timestamp)
						tb, ok2 := b.(types.Timestamp)
						if !ok1 || !ok2 {
							return types.NewErr("days_between: timestamps expected")
						}
						return types.Int(daysBetween(ta.Time, tb.Time))
					}))),
		)
		if baseEnvErr == nil {
			nameAdapter = baseEnv.CELTypeAdapter()
		}
	})
	return baseEnv, baseEnvErr
}

// daysBetween counts calendar days (in UTC) from a to b; negative when b is
// before a.
func daysBetween(a, b time.Time) int64 {
	da := time.Date(a.UTC().Year(), a.UTC().Month(), a.UTC().Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.UTC().Year(), b.UTC().Month(), b.UTC().Day(), 0, 0, 0, 0, time.UTC)
	return (db.Unix() - da.Unix()) / 86400
}
