package minutes

import (
	"errors"
	"testing"
)

func TestLinkCommitment(t *testing.T) {
	locked := must(t)(Lock(must(t)(Agree(must(t)(Agree(must(t)(Circulate(sampleDoc(), "org-us", conv)), "org-us", conv, t0)), "org-cn", conv, t0)), "org-us", conv, t0))
	tests := []struct {
		name           string
		doc            *Document
		item, from, to string
		want           error
		link           string
	}{
		{"links-unlinked-item", sampleDoc(), "act-1", "", "c-1", nil, "c-1"},
		{"links-locked-record-without-new-revision", locked, "act-1", "", "c-1", nil, "c-1"},
		{"relinks-same-commitment-no-change", withLink(sampleDoc(), "c-1"), "act-1", "", "c-1", nil, "c-1"},
		{"unlinks-own-link", withLink(sampleDoc(), "c-1"), "act-1", "c-1", "", nil, ""},
		{"refuses-item-of-another-commitment", withLink(sampleDoc(), "c-2"), "act-1", "", "c-1", ErrActionItemLinked, ""},
		{"refuses-unlinking-another-commitment", withLink(sampleDoc(), "c-2"), "act-1", "c-1", "", ErrActionItemLinked, ""},
		{"refuses-unknown-item", sampleDoc(), "act-9", "", "c-1", ErrNoActionItem, ""},
		{"refuses-empty-item-id", sampleDoc(), "", "", "c-1", ErrNoActionItem, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.doc.Clone()
			got, err := LinkCommitment(tt.doc, tt.item, tt.from, tt.to)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if tt.doc.Items[0].ActionItems[0].CommitmentID != before.Items[0].ActionItems[0].CommitmentID {
				t.Fatal("input modified")
			}
			if err != nil {
				return
			}
			if got.Items[0].ActionItems[0].CommitmentID != tt.link {
				t.Fatalf("link %q, want %q", got.Items[0].ActionItems[0].CommitmentID, tt.link)
			}
			if got.Revision != tt.doc.Revision || got.Version != tt.doc.Version || got.Status != tt.doc.Status || len(got.Agreements) != len(tt.doc.Agreements) {
				t.Fatalf("link changed the record: %+v", got)
			}
		})
	}
}

func TestEditKeepsCommitmentLinks(t *testing.T) {
	cur := withLink(sampleDoc(), "c-1")
	edited := sampleDoc()
	edited.Items[0].ActionItems[0].CommitmentID = "forged"
	edited.Items[0].ActionItems = append(edited.Items[0].ActionItems, ActionItem{ID: "act-2", TextEN: "New", CommitmentID: "forged-too"})
	next := must(t)(Edit(cur, edited, "org-us", conv))
	if got := next.Items[0].ActionItems; got[0].CommitmentID != "c-1" || got[1].CommitmentID != "" {
		t.Fatalf("links after edit: %+v", got)
	}
}

func withLink(d *Document, id string) *Document {
	d.Items[0].ActionItems[0].CommitmentID = id
	return d
}
