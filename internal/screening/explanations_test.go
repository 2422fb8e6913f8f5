package screening

import (
	"testing"

	rulefiles "github.com/tracktwo/tracktwo/configs/rules"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
)

// CN-ONGO-UNREGISTERED's texts around the place and the organizations named.
func unregisteredTexts(placeEN, namesEN, placeZH, namesZH string) (en, zh string) {
	return "The session takes place in mainland China (" + placeEN + ") and is organized or funded by overseas NGOs with " +
			"neither a registered representative office covering the activity nor a temporary-activity filing: " + namesEN +
			". An overseas NGO may not carry out, fund or commission activities in the mainland without registration or filing. " +
			"Do not proceed without a compliance sign-off.",
		"本场会议在中国大陆（" + placeZH + "）举行，由" + namesZH + "主办或资助；上述境外非政府组织既未登记设立覆盖该活动的代表机构，" +
			"也未办理临时活动备案。境外非政府组织未经登记或备案，不得在中国境内开展、资助或委托开展活动。未经合规审核，请勿推进。"
}

// The flags of a Beijing session whose US organizer and Hong Kong co-host have Chinese names, built
// from stored inputs by the fact builder and rendered by the shipped rules: the place is named once
// (in Chinese in the Chinese text) and every organization by its Chinese name there when one is
// known, by its English name otherwise.
func TestFlagExplanationsNamePlaceAndOrganizationsInEachLanguage(t *testing.T) {
	rs, err := rules.LoadFS(rulefiles.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	type want struct{ en, zh string }
	unreg := func(placeEN, namesEN, placeZH, namesZH string) want {
		en, zh := unregisteredTexts(placeEN, namesEN, placeZH, namesZH)
		return want{en, zh}
	}
	tests := []struct {
		name, rule, subject string
		mutate              func(f *factFixture)
		want                want
	}{
		{"names-beijing-once-and-organizers-in-chinese", "CN-ONGO-UNREGISTERED", "", func(*factFixture) {},
			unreg("Beijing", "Atlantic Dialogue Center, Harbour Policy Forum, Harbor Fund", "北京", "大西洋对话中心、港湾政策论坛、Harbor Fund")},
		{"names-beijing-once-when-the-city-is-typed-in-chinese", "CN-ONGO-UNREGISTERED", "",
			func(f *factFixture) { f.in.Session.City, f.in.Session.Province = "北京市", "Beijing Shi" },
			unreg("Beijing", "Atlantic Dialogue Center, Harbour Policy Forum, Harbor Fund", "北京", "大西洋对话中心、港湾政策论坛、Harbor Fund")},
		{"names-city-and-province-with-the-province-in-chinese", "CN-ONGO-UNREGISTERED", "",
			func(f *factFixture) { f.in.Session.City, f.in.Session.Province = "Kunming", "Yunnan" },
			unreg("Kunming, Yunnan", "Atlantic Dialogue Center, Harbour Policy Forum, Harbor Fund", "云南 Kunming", "大西洋对话中心、港湾政策论坛、Harbor Fund")},
		{"names-an-organizer-without-chinese-name-in-english", "CN-ONGO-UNREGISTERED", "",
			func(f *factFixture) {
				f.in.Organizer.NameZH, f.in.Conveners[0].NameZH, f.in.Owners[0].NameZH = "", "", ""
			},
			unreg("Beijing", "Atlantic Dialogue Center, Harbour Policy Forum, Harbor Fund", "北京", "Atlantic Dialogue Center、港湾政策论坛、Harbor Fund")},
		{"names-a-funding-organizer-once-in-chinese", "CN-ONGO-UNREGISTERED", "",
			func(f *factFixture) { f.in.Session.Funding[0].FunderName = "Atlantic Dialogue Center" },
			unreg("Beijing", "Atlantic Dialogue Center, Harbour Policy Forum", "北京", "大西洋对话中心、港湾政策论坛")},
		{"names-the-place-once-when-filing-does-not-cover-it", "CN-ONGO-OUT-OF-FILING", "",
			func(f *factFixture) {
				f.in.Session.FilingNumber, f.in.Session.FilingDate = "TMP-1", "2030-03-01"
				f.in.Session.FilingArea = "Yunnan"
			},
			want{"The session (2030-03-12 to 2030-03-12, Beijing) does not fit the temporary-activity filing (period 2030-03-01 to " +
				"2030-03-31, area Yunnan): outside the period: no; outside the area: yes; filed period longer than one year: no. " +
				"A temporary activity lasts at most one year and may only be carried out as filed.",
				"本场会议（2030-03-12至2030-03-12，北京）与临时活动备案（期限2030-03-01至2030-03-31，地域Yunnan）不符：超出备案期限：否；" +
					"超出备案地域：是；备案期限超过一年：否。临时活动期限不超过一年，且只能按备案内容开展。"}},
		{"names-a-funder-by-the-chinese-name-of-the-organization-it-is", "CN-ONGO-FUNDS-ROUTE", "",
			func(f *factFixture) {
				f.in.Session.FilingNumber, f.in.Session.FilingDate = "TMP-1", "2030-03-01"
				f.in.Session.Funding[0].FunderName = "Harbour Policy Forum"
			},
			want{"Money from Harbour Policy Forum for this temporary activity does not pass through the Chinese partner unit's " +
				"separately kept account. Funds for a temporary activity must go through the partner's account.",
				"港湾政策论坛为本次临时活动提供的资金未通过中方合作单位的专门账户。临时活动的经费须通过中方合作单位的账户管理和使用。"}},
		{"names-a-mainland-participant-and-employer-in-chinese", "CN-ONGO-MAINLAND-PARTICIPANT", "p-cn",
			func(f *factFixture) {
				f.cn().Participant.Employer, f.cn().Participant.EmployerCountry = "Jinghua University", "CN"
			},
			want{"LI Fangwei (Jinghua University) is resident or employed in mainland China and takes part in a session whose " +
				"overseas organizer or funder has neither registered nor filed (see CN-ONGO-UNREGISTERED). Paid by the session: no; " +
				"acting for an organizer: no. Chinese units and individuals may not accept commissions or funding from, or act for, " +
				"an unregistered overseas NGO.",
				"李方伟（京华大学）居住或受雇于中国大陆，参加的会议的境外主办方或资助方既未登记也未备案（见 CN-ONGO-UNREGISTERED）。" +
					"是否由会议支付报酬：否；是否代表主办方行事：否。中国境内任何单位和个人不得接受未登记代表机构、未备案临时活动的境外" +
					"非政府组织的委托、资助，代理或者变相代理其开展活动。"}},
		{"names-the-partner-unit-convener-and-co-host-in-chinese", "US-FL-COUNTRY-OF-CONCERN", "p-us",
			func(f *factFixture) {
				f.in.Session.IsPartnershipAgreement, f.in.Session.PartnerNameZH = true, "北京安全论坛"
			},
			want{"John Smith's employer Florida Gulf University is a Florida state university or college, and the session is an " +
				"agreement or partnership with Beijing Forum on Security, Jinghua University, Harbour Policy Forum, based in a foreign " +
				"country of concern. " +
				"Such agreements need approval by the Board of Governors or the State Board of Education.",
				"John Smith的雇主Florida Gulf University是佛罗里达州公立大学或学院，本场会议涉及与位于\"受关注外国\"的北京安全论坛、京华大学、" +
					"港湾政策论坛签订协议或建立合作关系。此类协议须经州大学理事会或州教育委员会批准。"}},
		{"names-the-organization-that-stores-the-data-in-chinese", "PIPL-CROSS-BORDER", "p-cn",
			func(f *factFixture) { f.cn().Consents = []participant.Consent{} },
			want{"Personal data of LI Fangwei, who is in mainland China, is stored or shared outside the mainland (with Jinghua " +
				"University, CN; stored in US) without a recorded separate consent to cross-border transfer. PIPL requires separate " +
				"consent and a recorded legal basis for transfers abroad.",
				"位于中国大陆的李方伟的个人信息被存储于或提供给境外（京华大学，CN；存储地US），但未记录其对个人信息出境的单独同意。" +
					"《个人信息保护法》要求向境外提供个人信息须取得个人的单独同意，并具备合法的出境依据。"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFactFixture(t, rs)
			// Chinese names for the US organizer (a tenant) and the Hong Kong co-host; no filing.
			f.in.Organizer.NameZH, f.in.Conveners[0].NameZH, f.in.Owners[0].NameZH = "大西洋对话中心", "大西洋对话中心", "大西洋对话中心"
			f.in.Session.Cohosts[0].NameZH = "港湾政策论坛"
			f.in.Session.FilingNumber, f.in.Session.FilingDate = "", ""
			tc.mutate(f)
			ev := f.svc.evaluate(f.in, f.svc.prepare(f.in))
			for _, fl := range ev.flags {
				if fl.RuleID != tc.rule || fl.SubjectKey != tc.subject {
					continue
				}
				if fl.EvalError != "" {
					t.Fatalf("evaluation error: %s", fl.EvalError)
				}
				if fl.ExplanationEN != tc.want.en {
					t.Errorf("en:\n got %q\nwant %q", fl.ExplanationEN, tc.want.en)
				}
				if fl.ExplanationZH != tc.want.zh {
					t.Errorf("zh:\n got %q\nwant %q", fl.ExplanationZH, tc.want.zh)
				}
				return
			}
			t.Fatalf("no %s flag for %q", tc.rule, tc.subject)
		})
	}
}
