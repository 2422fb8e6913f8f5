package minutes

// sampleDoc returns a small valid document with one statement of each attribution level.
func sampleDoc() *Document {
	return &Document{
		Revision: 1, Version: 1, Status: StatusDraft, AuthoritativeLanguage: LangEN,
		Items: []Item{{
			ID: "item-1", TitleEN: "Norms for critical infrastructure", TitleZH: "关键基础设施规范",
			NotesEN: "Opening remarks.", NotesZH: "开幕致辞。",
			KeyPoints:         []Text{{TextEN: "Both sides value restraint.", TextZH: "双方重视克制。"}},
			Decisions:         []Text{{TextEN: "Meet again in spring.", TextZH: "春季再次会面。"}},
			ActionItems:       []ActionItem{{ID: "act-1", TextEN: "Draft a joint glossary.", TextZH: "起草联合术语表。", Owner: "Secretariat", Due: "2027-03-01"}},
			TranslationStatus: TranslationVerified,
			Statements: []Statement{
				{ID: "st-1", SpeakerID: "p-alice", Attribution: AttributionAttributed, TextEN: "We welcome the talks.", TextZH: "我们欢迎会谈。"},
				{ID: "st-2", SpeakerID: "p-bo", Attribution: AttributionChatham, TextEN: "Attribution is hard.", TextZH: "溯源很难。"},
				{ID: "st-3", SpeakerID: "p-carl", Attribution: AttributionOffRecord, TextEN: "Secret remark.", TextZH: "秘密发言。"},
			},
		}},
	}
}

func sampleSpeakers() SpeakerInfo {
	return SpeakerInfo{
		"p-alice": {NameLatin: "Alice Archer", NameNative: "Alice Archer", Org: "Harbor Institute", Side: SideUS},
		"p-bo":    {NameLatin: "Wang Bo", NameNative: "王波", Org: "Eastern Policy Academy", Side: SideCN},
		"p-carl":  {NameLatin: "Carl Cole", NameNative: "Carl Cole", Org: "Ridge University", Side: SideUS},
	}
}
