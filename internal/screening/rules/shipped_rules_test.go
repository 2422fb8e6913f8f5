package rules

import (
	"strings"
	"testing"
)

// ruleCase is one outcome of one shipped rule on a variation of
// compliantFacts.
type ruleCase struct {
	name     string
	rule     string
	mutate   func(f *Facts)
	fires    bool
	severity string
	// mentions are strings the English explanation must contain.
	mentions []string
}

func noONGOStanding(f *Facts) {
	f.Session.Organizers[0].ONGO = ONGOStanding{Standing: StandingNone}
	f.Session.Funding[0].Funder.ONGO = ONGOStanding{Standing: StandingNone}
	f.Session.Filing = Filing{}
}

func engineeringUniversityExchange(f *Facts) {
	f.Session.Organizers = []Organization{{Name: "MIT", Country: "US", Kind: OrgKindUniversity, Field: FieldEngineering,
		ONGO: ONGOStanding{Standing: StandingNone}}}
	f.Session.Funding = nil
	f.Session.Partner = Partner{Present: true, Name: "Tsinghua University", NameZH: "清华大学", UnitKind: UnitPublicInstitution,
		Kind: OrgKindUniversity, Field: FieldEngineering, Country: "CN"}
	f.Session.Filing = Filing{}
}

var shippedRuleCases = []ruleCase{
	// CN-ONGO-UNREGISTERED
	{name: "blocks-us-ngo-without-office-or-filing", rule: "CN-ONGO-UNREGISTERED", fires: true, severity: SeverityBlock,
		mutate: noONGOStanding, mentions: []string{"Pacific Dialogue Foundation", "Beijing"}},
	{name: "blocks-hong-kong-funder-without-standing", rule: "CN-ONGO-UNREGISTERED", fires: true, severity: SeverityBlock,
		mutate: func(f *Facts) {
			f.Session.Filing = Filing{}
			f.Session.Funding = append(f.Session.Funding, Funding{Funder: Organization{Name: "Harbour Foundation", Country: "HK",
				Kind: OrgKindFoundation, ONGO: ONGOStanding{Standing: StandingNone}}, RoutedThroughPartnerAccount: true})
		}, mentions: []string{"Harbour Foundation"}},
	{name: "blocks-office-registered-for-another-province", rule: "CN-ONGO-UNREGISTERED", fires: true, severity: SeverityBlock,
		mutate: func(f *Facts) {
			f.Session.Filing = Filing{}
			f.Session.Organizers[0].ONGO.OfficeAreas = []string{"Shanghai"}
		}},
	{name: "passes-registered-office-covering-area-and-scope", rule: "CN-ONGO-UNREGISTERED",
		mutate: func(f *Facts) { f.Session.Filing = Filing{} }},
	{name: "passes-unregistered-ngo-with-temporary-filing", rule: "CN-ONGO-UNREGISTERED",
		mutate: func(f *Facts) {
			f.Session.Organizers[0].ONGO = ONGOStanding{Standing: StandingTemporaryFiling}
			f.Session.Funding[0].Funder.ONGO = ONGOStanding{Standing: StandingTemporaryFiling}
		}},
	{name: "passes-engineering-university-exchange-under-art-53", rule: "CN-ONGO-UNREGISTERED", mutate: engineeringUniversityExchange},
	{name: "passes-session-in-hong-kong", rule: "CN-ONGO-UNREGISTERED",
		mutate: func(f *Facts) { noONGOStanding(f); f.Session.InMainland, f.Session.Country = false, "HK" }},

	// CN-ONGO-LATE-FILING
	{name: "flags-filing-14-days-before-start", rule: "CN-ONGO-LATE-FILING", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) { f.Session.Filing.FiledDate = day("2025-06-06") }, mentions: []string{"2025-06-06", "14"}},
	{name: "passes-filing-exactly-15-days-before-start", rule: "CN-ONGO-LATE-FILING",
		mutate: func(f *Facts) { f.Session.Filing.FiledDate = day("2025-06-05") }},

	// CN-ONGO-OUT-OF-FILING
	{name: "flags-session-ending-after-filed-period", rule: "CN-ONGO-OUT-OF-FILING", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) { f.Session.End = day("2025-08-02") }},
	{name: "flags-session-outside-filed-area", rule: "CN-ONGO-OUT-OF-FILING", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) { f.Session.Province, f.Session.City = "Yunnan", "Kunming" }, mentions: []string{"Kunming"}},
	{name: "flags-filed-period-over-one-year", rule: "CN-ONGO-OUT-OF-FILING", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) {
			f.Session.Filing.PeriodStart, f.Session.Filing.PeriodEnd = day("2025-01-01"), day("2026-03-01")
		}},
	{name: "passes-session-inside-filed-period-and-area", rule: "CN-ONGO-OUT-OF-FILING", mutate: func(*Facts) {}},

	// CN-ONGO-PARTNER-KIND
	{name: "flags-company-as-chinese-partner", rule: "CN-ONGO-PARTNER-KIND", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) { f.Session.Partner.UnitKind = UnitCompany }, mentions: []string{"company"}},
	{name: "flags-individual-as-chinese-partner", rule: "CN-ONGO-PARTNER-KIND", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) { f.Session.Partner.UnitKind = UnitIndividual }},
	{name: "passes-public-institution-partner", rule: "CN-ONGO-PARTNER-KIND",
		mutate: func(f *Facts) { f.Session.Partner.UnitKind = UnitPublicInstitution }},

	// CN-ONGO-MAINLAND-PARTICIPANT
	{name: "flags-mainland-participant-of-unregistered-session", rule: "CN-ONGO-MAINLAND-PARTICIPANT", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) { noONGOStanding(f); f.Participant = mainlandParticipant() }, mentions: []string{"Li Wei"}},
	{name: "passes-mainland-participant-of-registered-session", rule: "CN-ONGO-MAINLAND-PARTICIPANT",
		mutate: func(f *Facts) { f.Participant = mainlandParticipant() }},
	{name: "passes-us-participant-of-unregistered-session", rule: "CN-ONGO-MAINLAND-PARTICIPANT", mutate: noONGOStanding},

	// CN-ONGO-ACADEMIC-EXEMPT
	{name: "informs-engineering-university-exchange", rule: "CN-ONGO-ACADEMIC-EXEMPT", fires: true, severity: SeverityInfo,
		mutate: engineeringUniversityExchange, mentions: []string{"MIT", "Tsinghua University"}},
	{name: "warns-policy-university-exchange", rule: "CN-ONGO-ACADEMIC-EXEMPT", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			engineeringUniversityExchange(f)
			f.Session.Organizers[0].Field, f.Session.Partner.Field = FieldPolicy, FieldPolicy
		}},
	{name: "passes-ngo-with-social-organization-partner", rule: "CN-ONGO-ACADEMIC-EXEMPT", mutate: func(*Facts) {}},

	// CN-ONGO-FUNDS-ROUTE
	{name: "warns-funds-not-routed-through-partner-account", rule: "CN-ONGO-FUNDS-ROUTE", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) { f.Session.Funding[0].RoutedThroughPartnerAccount = false }},
	{name: "passes-funds-routed-through-partner-account", rule: "CN-ONGO-FUNDS-ROUTE", mutate: func(*Facts) {}},

	// CN-ONGO-PROHIBITED-TOPIC
	{name: "flags-religious-topic", rule: "CN-ONGO-PROHIBITED-TOPIC", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) { f.Session.Topics = append(f.Session.Topics, "religious") }, mentions: []string{"religious"}},
	{name: "passes-cyber-topic", rule: "CN-ONGO-PROHIBITED-TOPIC", mutate: func(*Facts) {}},

	// CN-AFSL-LISTED
	{name: "flags-mainland-participant-meeting-listed-us-organizer", rule: "CN-AFSL-LISTED", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) {
			f.Participant = mainlandParticipant()
			f.Session.Organizers[0].Watchlist = []WatchlistMatch{{List: "cn-unreliable-entity", EntryName: "Pacific Dialogue Foundation", Level: MatchConfirmed}}
		}, mentions: []string{"Pacific Dialogue Foundation"}},
	{name: "warns-hong-kong-participant-on-chinese-side", rule: "CN-AFSL-LISTED", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			p := mainlandParticipant()
			p.Residence, p.Employer.Country = "HK", "HK"
			f.Participant = p
			f.Session.Participants[0].Watchlist = []WatchlistMatch{{List: "cn-countermeasure", Level: MatchCorroborated}}
		}, mentions: []string{"Jane Doe"}},
	{name: "passes-us-participant-with-listed-us-organizer", rule: "CN-AFSL-LISTED",
		mutate: func(f *Facts) {
			f.Session.Organizers[0].Watchlist = []WatchlistMatch{{List: "cn-unreliable-entity", Level: MatchConfirmed}}
		}},
	{name: "passes-name-only-match-of-us-participant", rule: "CN-AFSL-LISTED",
		mutate: func(f *Facts) {
			f.Participant = mainlandParticipant()
			f.Session.Participants[0].Watchlist = []WatchlistMatch{{List: "cn-countermeasure", Level: MatchPossible}}
		}},

	// US-OFAC-SDN
	{name: "blocks-corroborated-sdn-match", rule: "US-OFAC-SDN", fires: true, severity: SeverityBlock,
		mutate: func(f *Facts) {
			f.Participant.Watchlist = []WatchlistMatch{{List: "ofac-sdn", EntryID: "11447", EntryName: "LI, Fangwei", Level: MatchCorroborated,
				Corroboration: []string{"birth_year"}}}
		}, mentions: []string{"LI, Fangwei"}},
	{name: "warns-name-only-sdn-match", rule: "US-OFAC-SDN", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Participant.Watchlist = []WatchlistMatch{{List: "ofac-sdn", EntryName: "WEI, Zhang", Level: MatchPossible}}
		}},
	{name: "blocks-employer-corroborated-on-csl-sdn", rule: "US-OFAC-SDN", fires: true, severity: SeverityBlock,
		mutate: func(f *Facts) {
			f.Participant.Employer.Watchlist = []WatchlistMatch{{List: "csl", Source: "SDN", Level: MatchConfirmed}}
		}},
	{name: "passes-entity-list-match-only", rule: "US-OFAC-SDN",
		mutate: func(f *Facts) {
			f.Participant.Employer.Watchlist = []WatchlistMatch{{List: "csl", Source: "EL", Level: MatchConfirmed}}
		}},

	// US-BIS-ENTITY
	{name: "warns-employer-on-entity-list", rule: "US-BIS-ENTITY", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Participant.Employer.Watchlist = []WatchlistMatch{{List: "csl", Source: "EL", EntryName: "Harbin Institute of Technology", Level: MatchPossible}}
		}, mentions: []string{"Harbin Institute of Technology"}},
	{name: "warns-employer-on-unverified-list", rule: "US-BIS-ENTITY", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Participant.Employer.Watchlist = []WatchlistMatch{{List: "csl", Source: "UVL", Level: MatchCorroborated}}
		}},
	{name: "passes-employer-on-denied-persons-list", rule: "US-BIS-ENTITY",
		mutate: func(f *Facts) {
			f.Participant.Employer.Watchlist = []WatchlistMatch{{List: "csl", Source: "DPL", Level: MatchCorroborated}}
		}},

	// US-DOD-1286
	{name: "warns-dod-funded-researcher-meeting-1286-institution", rule: "US-DOD-1286", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Participant.DoDFunded = true
			f.Session.Participants[1].Employer.Listed1286 = true
		}, mentions: []string{"Li Wei"}},
	{name: "warns-dod-funded-researcher-meeting-talent-programme-member", rule: "US-DOD-1286", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Participant.DoDFunded = true
			f.Session.Participants[1].TalentProgram = "Thousand Talents Plan"
		}},
	{name: "passes-researcher-without-dod-funding", rule: "US-DOD-1286",
		mutate: func(f *Facts) { f.Session.Participants[1].Employer.Listed1286 = true }},

	// US-CONFUCIUS
	{name: "informs-us-institution-hosting-confucius-institute", rule: "US-CONFUCIUS", fires: true, severity: SeverityInfo,
		mutate: func(f *Facts) { f.Participant.Employer.HostsConfuciusInstitute = true }, mentions: []string{"Stanford University"}},
	{name: "passes-institution-without-confucius-institute", rule: "US-CONFUCIUS", mutate: func(*Facts) {}},

	// US-FL-COUNTRY-OF-CONCERN
	{name: "flags-florida-university-partnership-with-chinese-partner", rule: "US-FL-COUNTRY-OF-CONCERN", fires: true, severity: SeverityHigh,
		mutate:   func(f *Facts) { f.Participant = floridaParticipant(); f.Session.IsPartnershipAgreement = true },
		mentions: []string{"China Institute of Peace Studies"}},
	{name: "passes-florida-university-without-agreement", rule: "US-FL-COUNTRY-OF-CONCERN",
		mutate: func(f *Facts) { f.Participant = floridaParticipant() }},
	{name: "passes-private-florida-university-partnership", rule: "US-FL-COUNTRY-OF-CONCERN",
		mutate: func(f *Facts) {
			p := floridaParticipant()
			p.Employer.Public, p.EmployerKind = false, EmployerPrivateUniversity
			f.Participant = p
			f.Session.IsPartnershipAgreement = true
		}},

	// US-FL-VISITING-RESEARCHER
	{name: "warns-florida-host-of-researcher-from-china", rule: "US-FL-VISITING-RESEARCHER", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Session.Organizers = append(f.Session.Organizers, floridaParticipant().Employer)
			p := mainlandParticipant()
			p.VisitingResearcher = true
			f.Participant = p
		}, mentions: []string{"University of Florida", "Li Wei"}},
	{name: "passes-florida-host-of-researcher-from-germany", rule: "US-FL-VISITING-RESEARCHER",
		mutate: func(f *Facts) {
			f.Session.Organizers = append(f.Session.Organizers, floridaParticipant().Employer)
			f.Participant = &Participant{Name: "Anna Schmidt", Nationalities: []string{"DE"}, Residence: "DE",
				Employer: Organization{Name: "TU Berlin", Country: "DE"}, VisitingResearcher: true}
		}},

	// US-TX-FOREIGN-ADVERSARY
	{name: "warns-texas-public-university-travel-to-china", rule: "US-TX-FOREIGN-ADVERSARY", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Participant.Employer = Organization{Name: "University of Texas at Austin", Country: "US", Kind: OrgKindUniversity, Public: true, USState: "TX"}
		}},
	{name: "flags-texas-partnership-with-chinese-partner", rule: "US-TX-FOREIGN-ADVERSARY", fires: true, severity: SeverityHigh,
		mutate: func(f *Facts) {
			f.Participant.Employer = Organization{Name: "Texas A&M University", Country: "US", Kind: OrgKindUniversity, Public: true, USState: "TX"}
			f.Session.IsPartnershipAgreement = true
		}},
	{name: "passes-texas-public-university-session-in-japan", rule: "US-TX-FOREIGN-ADVERSARY",
		mutate: func(f *Facts) {
			f.Participant.Employer = Organization{Name: "University of Texas at Austin", Country: "US", Kind: OrgKindUniversity, Public: true, USState: "TX"}
			f.Session.Country, f.Session.InMainland, f.Session.Province, f.Session.City = "JP", false, "", "Tokyo"
		}},

	// US-STATE-OTHER
	{name: "warns-ohio-public-university-session-in-china", rule: "US-STATE-OTHER", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Participant.Employer = Organization{Name: "Ohio State University", Country: "US", Kind: OrgKindUniversity, Public: true, USState: "OH"}
		}, mentions: []string{"OH"}},
	{name: "warns-louisiana-exchange-agreement-held-online", rule: "US-STATE-OTHER", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Participant.EmployerKind = EmployerPublicUniversity
			f.Participant.Employer = Organization{Name: "Louisiana State University", Country: "US", Kind: OrgKindUniversity, USState: "LA"}
			f.Session.Country, f.Session.InMainland, f.Session.Online = "", false, true
			f.Session.IsPartnershipAgreement = true
		}},
	{name: "passes-private-ohio-university-in-china", rule: "US-STATE-OTHER",
		mutate: func(f *Facts) {
			f.Participant.Employer = Organization{Name: "Oberlin College", Country: "US", Kind: OrgKindUniversity, USState: "OH"}
		}},

	// US-FARA
	{name: "warns-us-person-paid-by-prc-principal-briefing-officials", rule: "US-FARA", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) { f.Participant.PaidByPRCPrincipal, f.Participant.BriefsUSOfficials = true, true }},
	{name: "passes-us-person-briefing-officials-independently", rule: "US-FARA",
		mutate: func(f *Facts) { f.Participant.BriefsUSOfficials = true }},

	// PIPL-CROSS-BORDER
	{name: "warns-mainland-data-shared-abroad-without-consent", rule: "PIPL-CROSS-BORDER", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			p := mainlandParticipant()
			p.Consents = nil
			f.Participant = p
		}, mentions: []string{"Li Wei", "Pacific Dialogue Foundation"}},
	{name: "warns-after-cross-border-consent-withdrawn", rule: "PIPL-CROSS-BORDER", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			p := mainlandParticipant()
			p.Consents[0].Withdrawn, p.Consents[0].WithdrawnAt = true, day("2025-05-01")
			f.Participant = p
		}},
	{name: "passes-mainland-data-with-separate-consent", rule: "PIPL-CROSS-BORDER",
		mutate: func(f *Facts) { f.Participant = mainlandParticipant() }},
	{name: "passes-mainland-data-kept-in-mainland", rule: "PIPL-CROSS-BORDER",
		mutate: func(f *Facts) {
			p := mainlandParticipant()
			p.Consents = nil
			f.Participant = p
			f.Viewer = Viewer{Name: "Peking University", Country: "CN", StorageCountry: "CN"}
		}},

	// US-BULK-DATA
	{name: "warns-bulk-identifiers-shared-with-china-based-party", rule: "US-BULK-DATA", fires: true, severity: SeverityWarn,
		mutate: func(f *Facts) {
			f.Viewer = Viewer{Name: "Peking University", Country: "CN", StorageCountry: "US"}
			f.Sharing = Sharing{Active: true, Categories: []DataCategory{{Category: "personal_identifiers", USPersons: 150_000}}}
		}, mentions: []string{"personal_identifiers"}},
	{name: "passes-identifiers-below-bulk-threshold", rule: "US-BULK-DATA",
		mutate: func(f *Facts) {
			f.Viewer = Viewer{Name: "Peking University", Country: "CN"}
			f.Sharing = Sharing{Active: true, Categories: []DataCategory{{Category: "personal_identifiers", USPersons: 50_000}}}
		}},
	{name: "passes-bulk-data-shared-with-us-party", rule: "US-BULK-DATA",
		mutate: func(f *Facts) {
			f.Sharing = Sharing{Active: true, Categories: []DataCategory{{Category: "health", USPersons: 200_000}}}
		}},
}

func TestShippedRules(t *testing.T) {
	rs := shipped(t)
	for _, tc := range shippedRuleCases {
		t.Run(tc.name, func(t *testing.T) {
			rule, ok := rs.Rule(tc.rule)
			if !ok {
				t.Fatalf("rule %s is not shipped", tc.rule)
			}
			f := compliantFacts()
			tc.mutate(&f)
			// As the fact builder does, from the (possibly changed) city and province.
			f.Session.Place, f.Session.PlaceZH = Place(f.Session.City, f.Session.Province)
			if rule.Subject == SubjectSession {
				f.Participant = nil
			}
			hits := rs.Evaluate(f)
			h, fired := hitFor(hits, tc.rule)
			if fired != tc.fires {
				t.Fatalf("%s fired = %v, want %v (hits: %v)", tc.rule, fired, tc.fires, hitIDs(hits))
			}
			if !fired {
				return
			}
			if h.EvalError != "" {
				t.Fatalf("evaluation error: %s", h.EvalError)
			}
			if h.Severity != tc.severity {
				t.Errorf("severity = %s, want %s", h.Severity, tc.severity)
			}
			if h.Explanation.EN == "" || h.Explanation.ZH == "" {
				t.Errorf("explanation missing: %+v", h.Explanation)
			}
			for _, s := range []string{h.Explanation.EN, h.Explanation.ZH} {
				if strings.Contains(s, "{{") || strings.Contains(s, "}}") {
					t.Errorf("explanation not fully rendered: %q", s)
				}
			}
			for _, m := range tc.mentions {
				if !strings.Contains(h.Explanation.EN, m) {
					t.Errorf("explanation %q does not mention %q", h.Explanation.EN, m)
				}
			}
			if len(h.Citations) == 0 || len(h.Evidence) == 0 {
				t.Errorf("hit without citations or evidence: %+v", h)
			}
			if h.NeedsLegalReview != rule.NeedsLegalReview || h.RuleHash != rule.Hash {
				t.Errorf("hit does not carry the rule's review mark and hash")
			}
		})
	}
}

func hitIDs(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.RuleID + ":" + h.Severity
	}
	return out
}

func TestShippedRulesEachHaveFiringAndPassingCases(t *testing.T) {
	rs := shipped(t)
	fires, passes := map[string]int{}, map[string]int{}
	for _, tc := range shippedRuleCases {
		if tc.fires {
			fires[tc.rule]++
		} else {
			passes[tc.rule]++
		}
	}
	for _, r := range rs.Rules() {
		if fires[r.ID] == 0 || passes[r.ID] == 0 {
			t.Errorf("rule %s: %d firing and %d passing cases, want at least one of each", r.ID, fires[r.ID], passes[r.ID])
		}
	}
	if rs.Len() != 20 {
		t.Errorf("shipped %d rules, want the 20 of RULES.md", rs.Len())
	}
}

func TestCompliantFactsRaiseNoFlags(t *testing.T) {
	rs := shipped(t)
	f := compliantFacts()
	if hits := rs.Evaluate(f); len(hits) != 0 {
		t.Errorf("US participant: unexpected hits %v", hitIDs(hits))
	}
	f.Participant = mainlandParticipant()
	if hits := rs.Evaluate(f); len(hits) != 0 {
		t.Errorf("mainland participant: unexpected hits %v", hitIDs(hits))
	}
	f.Participant = nil
	if hits := rs.Evaluate(f); len(hits) != 0 {
		t.Errorf("session: unexpected hits %v", hitIDs(hits))
	}
}

func TestReviewMarksFollowTheCatalogue(t *testing.T) {
	review := map[string]bool{
		"CN-ONGO-MAINLAND-PARTICIPANT": true, "CN-ONGO-PROHIBITED-TOPIC": true, "CN-AFSL-LISTED": true,
		"US-OFAC-SDN": true, "US-BIS-ENTITY": true, "US-TX-FOREIGN-ADVERSARY": true, "US-FARA": true,
	}
	for _, r := range shipped(t).Rules() {
		if r.NeedsLegalReview != review[r.ID] {
			t.Errorf("%s: needs_legal_review = %v, want %v", r.ID, r.NeedsLegalReview, review[r.ID])
		}
	}
}
