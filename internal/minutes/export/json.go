package export

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// jsonExport is the JSON export: the View's fields (the minutes contract, redacted) plus the
// export's own facts.
type jsonExport struct {
	Schema    string    `json:"schema"`
	Language  Lang      `json:"language"`
	TitleEN   string    `json:"title_en,omitempty"`
	TitleZH   string    `json:"title_zh,omitempty"`
	Generated time.Time `json:"generated,omitzero"`
	minutes.View
}

// JSONSchemaID names the JSON export layout; it changes when the layout does.
const JSONSchemaID = "tracktwo.minutes.export/v1"

// JSON writes v as indented JSON. For a single language the other language's text fields are
// emptied; the structure stays the same.
func JSON(w io.Writer, v minutes.View, o Options) error {
	if _, err := ParseLang(string(o.Lang)); err != nil {
		return err
	}
	out := jsonExport{Schema: JSONSchemaID, Language: o.Lang, TitleEN: o.TitleEN, TitleZH: o.TitleZH, View: v}
	if !o.Generated.IsZero() {
		out.Generated = o.Generated.UTC()
	}
	if o.Lang != LangBoth {
		out.View = oneLanguage(v, o.Lang)
		if o.Lang == LangEN {
			out.TitleZH = ""
		} else {
			out.TitleEN = ""
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("%w: %v", ErrRender, err)
	}
	return nil
}

// oneLanguage copies v keeping only one language's text.
func oneLanguage(v minutes.View, lang Lang) minutes.View {
	keep := func(en, zh *string) {
		if lang == LangEN {
			*zh = ""
		} else {
			*en = ""
		}
	}
	items := make([]minutes.ItemView, len(v.Items))
	for i, it := range v.Items {
		keep(&it.TitleEN, &it.TitleZH)
		keep(&it.NotesEN, &it.NotesZH)
		it.KeyPoints = append([]minutes.Text{}, it.KeyPoints...)
		for j := range it.KeyPoints {
			keep(&it.KeyPoints[j].TextEN, &it.KeyPoints[j].TextZH)
		}
		it.Decisions = append([]minutes.Text{}, it.Decisions...)
		for j := range it.Decisions {
			keep(&it.Decisions[j].TextEN, &it.Decisions[j].TextZH)
		}
		it.ActionItems = append([]minutes.ActionItem{}, it.ActionItems...)
		for j := range it.ActionItems {
			keep(&it.ActionItems[j].TextEN, &it.ActionItems[j].TextZH)
		}
		it.Statements = append([]minutes.StatementView{}, it.Statements...)
		for j := range it.Statements {
			keep(&it.Statements[j].TextEN, &it.Statements[j].TextZH)
			keep(&it.Statements[j].LabelEN, &it.Statements[j].LabelZH)
		}
		items[i] = it
	}
	v.Items = items
	return v
}
