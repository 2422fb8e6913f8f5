package export

import (
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// sampleDoc is a small agreed document with hostile text and every attribution level.
func sampleDoc() *minutes.Document {
	return &minutes.Document{
		Revision: 4, Version: 2, AmendmentOf: 1, Status: minutes.StatusAgreed, AuthoritativeLanguage: minutes.LangZH,
		Agreements: []minutes.Agreement{{OrgID: "org-us", At: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}, {OrgID: "org-cn", At: time.Date(2027, 2, 3, 9, 0, 0, 0, time.UTC)}},
		Items: []minutes.Item{{
			ID: "item-1", TitleEN: "Norms for critical infrastructure", TitleZH: "关键基础设施网络规范",
			NotesEN:           "Opening remarks by the co-chairs.\nSecond line of notes.",
			NotesZH:           "两位共同主席致开幕辞。双方就关键基础设施保护、网络攻击溯源以及危机沟通机制进行了深入而坦率的交流，并同意在下一轮对话前各自提交书面意见，以便形成共同理解。",
			KeyPoints:         []minutes.Text{{TextEN: "Both sides value restraint.", TextZH: "双方重视克制。"}},
			Decisions:         []minutes.Text{{TextEN: "Meet again in spring.", TextZH: "春季再次会面。"}},
			ActionItems:       []minutes.ActionItem{{ID: "act-1", TextEN: "Draft a joint glossary.", TextZH: "起草联合术语表。", Owner: "Secretariat", Due: "2027-03-01", CommitmentID: "c-1"}},
			TranslationStatus: minutes.TranslationVerified,
			Statements: []minutes.Statement{
				{ID: "st-1", SpeakerID: "p-alice", Attribution: minutes.AttributionAttributed, TextEN: "We welcome the talks. ![x](http://attacker.example/p.png) <img src=\"file:///etc/passwd\"> [click](javascript:alert(1))", TextZH: "我们欢迎会谈。"},
				{ID: "st-2", SpeakerID: "p-bo", Attribution: minutes.AttributionChatham, TextEN: "Attribution is hard.", TextZH: "溯源很难。"},
				{ID: "st-3", SpeakerID: "p-carl", Attribution: minutes.AttributionOffRecord, TextEN: "Secret remark.", TextZH: "秘密发言。"},
			},
		}, {
			ID: "item-2", TitleEN: "Next steps", TitleZH: "",
			Statements: []minutes.Statement{{ID: "st-4", SpeakerID: "p-bo", Attribution: minutes.AttributionChatham, TextZH: "我们应当" + strings.Repeat("继续保持沟通渠道畅通，", 12)}},
		}},
	}
}

func sampleSpeakers() minutes.SpeakerInfo {
	return minutes.SpeakerInfo{
		"p-alice": {NameLatin: "Alice Archer", NameNative: "Alice Archer", Org: "Harbor Institute", Side: minutes.SideUS},
		"p-bo":    {NameLatin: "Wang Bo", NameNative: "王波", Org: "Eastern Policy Academy", Side: minutes.SideCN},
		"p-carl":  {NameLatin: "Carl Cole", NameNative: "Carl Cole", Org: "Ridge University", Side: minutes.SideUS},
	}
}

func sampleOptions(l Lang) Options {
	return Options{Lang: l, TitleEN: "US–China Cyber Norms Dialogue, round 7", TitleZH: "中美网络规范对话第七轮"}
}
