package minutes

import "testing"

func TestDiff(t *testing.T) {
	old := sampleDoc()
	nw := old.Clone()
	nw.Items[0].TitleZH = "关键基础设施的规范"
	nw.Items[0].Statements[1].Attribution = AttributionAttributed
	nw.Items[0].Statements = append(nw.Items[0].Statements[:2:2], Statement{ID: "st-4", SpeakerID: "p-bo", Attribution: AttributionChatham, TextEN: "New point."})
	nw.Items[0].KeyPoints = append(nw.Items[0].KeyPoints, Text{TextEN: "Second point."})
	nw.Items[0].ActionItems[0].Due = "2027-04-01"
	nw.Items = append(nw.Items, Item{ID: "item-2", TitleEN: "Next steps"})
	got := Diff(old, nw)
	want := []Change{
		{Kind: ChangeModified, Path: "/items/0/title_zh", ItemID: "item-1", Field: "title_zh", Old: "关键基础设施规范", New: "关键基础设施的规范"},
		{Kind: ChangeAdded, Path: "/items/0/key_points/1", ItemID: "item-1", Field: "key_point", New: "Second point."},
		{Kind: ChangeModified, Path: "/items/0/action_items/0/due", ItemID: "item-1", ActionItemID: "act-1", Field: "due", Old: "2027-03-01", New: "2027-04-01"},
		{Kind: ChangeModified, Path: "/items/0/statements/1/attribution", ItemID: "item-1", StatementID: "st-2", Field: "attribution", Old: "chatham", New: "attributed"},
		{Kind: ChangeAdded, Path: "/items/0/statements/2", ItemID: "item-1", StatementID: "st-4", Field: "statement", New: "New point."},
		{Kind: ChangeRemoved, Path: "/items/0/statements/2", ItemID: "item-1", StatementID: "st-3", Field: "statement", Old: "Secret remark. / 秘密发言。"},
		{Kind: ChangeAdded, Path: "/items/1", ItemID: "item-2", Field: "item", New: "Next steps"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestDiffOfIdenticalDocumentsIsEmpty(t *testing.T) {
	if c := Diff(sampleDoc(), sampleDoc()); len(c) != 0 {
		t.Fatalf("got %+v", c)
	}
}

func TestDiffReportsRemovedItemsAndNilDocuments(t *testing.T) {
	c := Diff(sampleDoc(), nil)
	if len(c) != 2 || c[1].Kind != ChangeRemoved || c[1].Field != "item" || c[1].ItemID != "item-1" {
		t.Fatalf("got %+v", c)
	}
	if c := Diff(nil, sampleDoc()); len(c) != 2 || c[1].Kind != ChangeAdded {
		t.Fatalf("got %+v", c)
	}
}
