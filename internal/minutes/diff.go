package minutes

import (
	"fmt"
	"strings"
)

// ChangeKind says whether a part of the minutes was added, removed or modified.
type ChangeKind string

// Kinds of change.
const (
	ChangeAdded    ChangeKind = "added"
	ChangeRemoved  ChangeKind = "removed"
	ChangeModified ChangeKind = "modified"
)

// Change is one difference between two revisions, for the revision history page. Diffs show
// the editor's view (off-record text and speaker ids included): never export them.
type Change struct {
	Kind ChangeKind `json:"kind"`
	// Path is a JSON Pointer to the changed value: in the new revision for added and modified
	// values, in the old one for removed values.
	Path string `json:"path"`
	// ItemID, StatementID and ActionItemID identify what changed, where applicable.
	ItemID       string `json:"item_id,omitempty"`
	StatementID  string `json:"statement_id,omitempty"`
	ActionItemID string `json:"action_item_id,omitempty"`
	// Field is the changed field ("title_en", "attribution", …) or, for whole parts that were
	// added or removed, "item", "statement", "action_item", "key_point" or "decision".
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// Diff lists what changed from old to new: document fields, then items in new order (removed
// items last). Items, statements and action items are matched by id, key points and decisions
// by position. A nil document counts as empty. Reordering alone is not reported.
func Diff(old, new *Document) []Change {
	if old == nil {
		old = &Document{}
	}
	if new == nil {
		new = &Document{}
	}
	var out []Change
	field := func(path, name, a, b string, ch Change) {
		if a != b {
			ch.Kind, ch.Path, ch.Field, ch.Old, ch.New = ChangeModified, path+"/"+name, name, a, b
			out = append(out, ch)
		}
	}
	field("", "authoritative_language", string(old.AuthoritativeLanguage), string(new.AuthoritativeLanguage), Change{})

	oldItems := make(map[string]int, len(old.Items))
	for i, it := range old.Items {
		oldItems[it.ID] = i
	}
	seen := make(map[string]bool, len(new.Items))
	for i := range new.Items {
		n := &new.Items[i]
		p := fmt.Sprintf("/items/%d", i)
		seen[n.ID] = true
		oi, ok := oldItems[n.ID]
		if !ok {
			out = append(out, Change{Kind: ChangeAdded, Path: p, ItemID: n.ID, Field: "item", New: pair(n.TitleEN, n.TitleZH)})
			continue
		}
		o := &old.Items[oi]
		base := Change{ItemID: n.ID}
		field(p, "title_en", o.TitleEN, n.TitleEN, base)
		field(p, "title_zh", o.TitleZH, n.TitleZH, base)
		field(p, "notes_en", o.NotesEN, n.NotesEN, base)
		field(p, "notes_zh", o.NotesZH, n.NotesZH, base)
		field(p, "translation_status", string(o.TranslationStatus), string(n.TranslationStatus), base)
		out = diffTexts(out, p, "key_points", "key_point", n.ID, o.KeyPoints, n.KeyPoints, fmt.Sprintf("/items/%d", oi))
		out = diffTexts(out, p, "decisions", "decision", n.ID, o.Decisions, n.Decisions, fmt.Sprintf("/items/%d", oi))
		out = diffActions(out, p, fmt.Sprintf("/items/%d", oi), n.ID, o.ActionItems, n.ActionItems)
		out = diffStatements(out, p, fmt.Sprintf("/items/%d", oi), n.ID, o.Statements, n.Statements)
	}
	for i, it := range old.Items {
		if !seen[it.ID] {
			out = append(out, Change{Kind: ChangeRemoved, Path: fmt.Sprintf("/items/%d", i), ItemID: it.ID, Field: "item", Old: pair(it.TitleEN, it.TitleZH)})
		}
	}
	return out
}

func diffTexts(out []Change, p, list, one, itemID string, old, new []Text, oldP string) []Change {
	for j := 0; j < len(old) || j < len(new); j++ {
		switch {
		case j >= len(old):
			out = append(out, Change{Kind: ChangeAdded, Path: fmt.Sprintf("%s/%s/%d", p, list, j), ItemID: itemID, Field: one, New: pair(new[j].TextEN, new[j].TextZH)})
		case j >= len(new):
			out = append(out, Change{Kind: ChangeRemoved, Path: fmt.Sprintf("%s/%s/%d", oldP, list, j), ItemID: itemID, Field: one, Old: pair(old[j].TextEN, old[j].TextZH)})
		default:
			for _, f := range [][3]string{{"text_en", old[j].TextEN, new[j].TextEN}, {"text_zh", old[j].TextZH, new[j].TextZH}} {
				if f[1] != f[2] {
					out = append(out, Change{Kind: ChangeModified, Path: fmt.Sprintf("%s/%s/%d/%s", p, list, j, f[0]), ItemID: itemID, Field: f[0], Old: f[1], New: f[2]})
				}
			}
		}
	}
	return out
}

func diffActions(out []Change, p, oldP, itemID string, old, new []ActionItem) []Change {
	idx := make(map[string]int, len(old))
	for i, a := range old {
		idx[a.ID] = i
	}
	seen := make(map[string]bool, len(new))
	for j, n := range new {
		seen[n.ID] = true
		ap := fmt.Sprintf("%s/action_items/%d", p, j)
		oi, ok := idx[n.ID]
		if !ok {
			out = append(out, Change{Kind: ChangeAdded, Path: ap, ItemID: itemID, ActionItemID: n.ID, Field: "action_item", New: pair(n.TextEN, n.TextZH)})
			continue
		}
		o := old[oi]
		for _, f := range [][3]string{{"text_en", o.TextEN, n.TextEN}, {"text_zh", o.TextZH, n.TextZH}, {"owner", o.Owner, n.Owner}, {"due", o.Due, n.Due}, {"commitment_id", o.CommitmentID, n.CommitmentID}} {
			if f[1] != f[2] {
				out = append(out, Change{Kind: ChangeModified, Path: ap + "/" + f[0], ItemID: itemID, ActionItemID: n.ID, Field: f[0], Old: f[1], New: f[2]})
			}
		}
	}
	for i, o := range old {
		if !seen[o.ID] {
			out = append(out, Change{Kind: ChangeRemoved, Path: fmt.Sprintf("%s/action_items/%d", oldP, i), ItemID: itemID, ActionItemID: o.ID, Field: "action_item", Old: pair(o.TextEN, o.TextZH)})
		}
	}
	return out
}

func diffStatements(out []Change, p, oldP, itemID string, old, new []Statement) []Change {
	idx := make(map[string]int, len(old))
	for i, s := range old {
		idx[s.ID] = i
	}
	seen := make(map[string]bool, len(new))
	for j, n := range new {
		seen[n.ID] = true
		sp := fmt.Sprintf("%s/statements/%d", p, j)
		oi, ok := idx[n.ID]
		if !ok {
			out = append(out, Change{Kind: ChangeAdded, Path: sp, ItemID: itemID, StatementID: n.ID, Field: "statement", New: pair(n.TextEN, n.TextZH)})
			continue
		}
		o := old[oi]
		for _, f := range [][3]string{{"speaker_id", o.SpeakerID, n.SpeakerID}, {"attribution", string(o.Attribution), string(n.Attribution)}, {"text_en", o.TextEN, n.TextEN}, {"text_zh", o.TextZH, n.TextZH}} {
			if f[1] != f[2] {
				out = append(out, Change{Kind: ChangeModified, Path: sp + "/" + f[0], ItemID: itemID, StatementID: n.ID, Field: f[0], Old: f[1], New: f[2]})
			}
		}
	}
	for i, o := range old {
		if !seen[o.ID] {
			out = append(out, Change{Kind: ChangeRemoved, Path: fmt.Sprintf("%s/statements/%d", oldP, i), ItemID: itemID, StatementID: o.ID, Field: "statement", Old: pair(o.TextEN, o.TextZH)})
		}
	}
	return out
}

// pair summarises a bilingual text as "English / 中文", skipping an empty side.
func pair(en, zh string) string {
	en, zh = strings.TrimSpace(en), strings.TrimSpace(zh)
	switch {
	case en == "":
		return zh
	case zh == "":
		return en
	}
	return en + " / " + zh
}
