package rules

import (
	"slices"
	"testing"
)

// namesRule collects names of different kinds in one list with name_of, and prints whole facts.
const namesRule = `rules:
  - id: T-NAMES
    jurisdiction: CN
    subject: participant
    severity: info
    let:
      parties: |
        [name_of(session.partner)] +
        session.organizers.map(o, name_of(o)) +
        session.participants.filter(a, a.id != participant.id).map(a, name_of(a)) +
        session.funding.map(f, name_of(f.funder)).filter(n, !session.organizers.exists(o, o.name == n.en))
    condition: size(parties) > 0
    explanation:
      en: "{{participant}} ({{participant.employer}}) meets {{parties}}; seen by {{viewer}}."
      zh: "{{participant}}（{{participant.employer}}）与{{parties}}会面；{{viewer}}可见。"
    citations:
      - title: Test
        article: Art. 1
`

func TestNameOfPrintsEachNameInTheTextsLanguage(t *testing.T) {
	rs, err := loadOne(t, namesRule)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(f *Facts)
		en, zh string
	}{
		{"prints-chinese-names-where-known-and-english-otherwise", func(*Facts) {},
			"LI Wei (Peking University) meets China Institute of Peace Studies, Pacific Dialogue Foundation, Jane Doe, Harbor Fund; seen by Pacific Dialogue Foundation.",
			"李伟（北京大学）与中国和平研究会、太平洋对话基金会、Jane Doe、Harbor Fund会面；太平洋对话基金会可见。"},
		{"prints-english-names-when-no-chinese-name-is-known", func(f *Facts) {
			f.Session.Partner.NameZH, f.Session.Organizers[0].NameZH, f.Viewer.NameZH = "", "", ""
			f.Participant.NameNative, f.Participant.Employer.NameZH = "", ""
		},
			"LI Wei (Peking University) meets China Institute of Peace Studies, Pacific Dialogue Foundation, Jane Doe, Harbor Fund; seen by Pacific Dialogue Foundation.",
			"LI Wei（Peking University）与China Institute of Peace Studies、Pacific Dialogue Foundation、Jane Doe、Harbor Fund会面；Pacific Dialogue Foundation可见。"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := compliantFacts()
			f.Participant = mainlandParticipant()
			f.Participant.Name = "LI Wei"
			f.Session.Organizers[0].NameZH = "太平洋对话基金会"
			f.Session.Funding = append(f.Session.Funding, Funding{Funder: Organization{Name: "Harbor Fund", Country: "US"}})
			f.Viewer.NameZH = "太平洋对话基金会"
			tc.mutate(&f)
			hits := rs.Evaluate(f)
			if len(hits) != 1 || hits[0].EvalError != "" {
				t.Fatalf("hits = %+v", hits)
			}
			if got := hits[0].Explanation; got.EN != tc.en || got.ZH != tc.zh {
				t.Errorf("en = %q\nwant %q\nzh = %q\nwant %q", got.EN, tc.en, got.ZH, tc.zh)
			}
		})
	}
}

// Printing a fact whole, or its name_of, reads its names: the facts' sources must fill them.
func TestPrintedNamesAreReadFacts(t *testing.T) {
	rs, err := loadOne(t, namesRule)
	if err != nil {
		t.Fatal(err)
	}
	paths := rs.FactPaths()
	for _, p := range []string{
		"participant.name", "participant.name_native", "participant.employer.name", "participant.employer.name_zh",
		"session.partner.name", "session.partner.name_zh", "session.organizers[].name", "session.organizers[].name_zh",
		"session.participants[].name", "session.participants[].name_native",
		"session.funding[].funder.name", "session.funding[].funder.name_zh", "viewer.name", "viewer.name_zh",
	} {
		if _, ok := paths[p]; !ok {
			keys := make([]string, 0, len(paths))
			for k := range paths {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			t.Errorf("%s is not among the paths read: %v", p, keys)
		}
	}
}
