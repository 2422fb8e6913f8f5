package rules

import "time"

// Facts is everything a rule condition may look at for one evaluation. The
// caller (the screening service) fills it from the data model; the rules
// package never reads the database.
//
// Evaluation is per subject: when Participant is nil only rules with subject
// "session" run; when Participant is set only rules with subject
// "participant" run (one evaluation per participant in the session), and
// those rules see which session rules fired through the CEL variable
// session_flags.
//
// In CEL the facts are the variables session, participant, viewer, sharing,
// now and session_flags. Field names in CEL are the snake_case names in the
// `cel` struct tags below; docs/screening-rules.md lists them all.
//
// Dates are calendar dates at 00:00 UTC (the local date of the session or
// filing); a zero time means "unknown / not recorded". Countries are ISO
// 3166-1 alpha-2 codes in upper case ("US", "CN", "HK", "MO", "TW").
type Facts struct {
	// Session is the dialogue session being screened.
	Session Session
	// Participant is the participant being screened, nil for session rules.
	Participant *Participant
	// Viewer is the tenant (organization) that stores or is shown the data,
	// for the data-protection rules. Zero when not a sharing evaluation.
	Viewer Viewer
	// Sharing describes the personal data that becomes accessible to Viewer.
	Sharing Sharing
	// Now is the evaluation time; zero means time.Now().
	Now time.Time
}

// Session holds the facts about one session of a dialogue.
type Session struct {
	ID    string `cel:"id"`
	Title string `cel:"title"`
	// Country is where the session takes place; empty when online only.
	Country string `cel:"country"`
	// InMainland is true when the session takes place in mainland China
	// (not Hong Kong, Macao or Taiwan).
	InMainland bool `cel:"in_mainland"`
	// Province is the province-level division as entered (e.g. "Beijing", "Yunnan").
	Province string `cel:"province"`
	City     string `cel:"city"`
	// Place and PlaceZH are where the session takes place, for explanations: the city and the
	// province without repeating one in the other ("Kunming, Yunnan", "Beijing"; Chinese "云南
	// Kunming", "北京"). The fact builder fills them with Place(City, Province).
	Place   string `cel:"place"`
	PlaceZH string `cel:"place_zh"`
	Online  bool   `cel:"online"`
	// Start and End are the first and last day of the session.
	Start time.Time `cel:"start"`
	End   time.Time `cel:"end"`
	// Organizers are the organizing and co-hosting organizations.
	Organizers []Organization `cel:"organizers"`
	// Partner is the Chinese partner unit (中方合作单位) of an activity in
	// the mainland.
	Partner Partner `cel:"partner"`
	// Filing is the temporary-activity filing (临时活动备案) for the session.
	Filing Filing `cel:"filing"`
	// Funding lists the sources of money for the session.
	Funding []Funding `cel:"funding"`
	// Topics are topic tags; the rules use "political", "religious" and
	// "for_profit" among free tags such as "cyber" or "maritime".
	Topics []string `cel:"topics"`
	// IsPartnershipAgreement is true when the session signs or implements
	// an agreement, partnership or exchange agreement between institutions.
	IsPartnershipAgreement bool `cel:"is_partnership_agreement"`
	// Participants summarises everyone in the session, for rules about whom
	// a participant meets (the full record is only in Participant).
	Participants []Attendee `cel:"participants"`
}

// Organization holds the facts about an organization (organizer, co-host,
// funder, or a participant's employer).
type Organization struct {
	ID     string `cel:"id"`
	Name   string `cel:"name"`
	NameZH string `cel:"name_zh"`
	// Country is where the organization is based ("HK", "MO" and "TW" are
	// overseas under the Overseas NGO Law).
	Country string `cel:"country"`
	// Kind is one of the OrgKind* values.
	Kind string `cel:"kind"`
	// Field is one of the Field* values.
	Field string `cel:"field"`
	// Public is true for a public (state-run) institution.
	Public bool `cel:"public"`
	// USState is the two-letter state code of a US organization.
	USState string `cel:"us_state"`
	// ONGO is the standing under China's Overseas NGO Law.
	ONGO ONGOStanding `cel:"ongo"`
	// HostsConfuciusInstitute is true when a US institution hosts (or
	// hosted within the look-back period) a Confucius Institute.
	HostsConfuciusInstitute bool `cel:"hosts_confucius_institute"`
	// Listed1286 is true when the institution is on the DoD Section 1286
	// list of foreign institutions of concern.
	Listed1286 bool `cel:"listed_1286"`
	// Watchlist holds the screening results for the organization.
	Watchlist []WatchlistMatch `cel:"watchlist"`
}

// ONGOStanding is an overseas organization's standing under the Overseas NGO
// Law.
type ONGOStanding struct {
	// Standing is one of the Standing* values.
	Standing string `cel:"standing"`
	// OfficeNumber is the registration number of the representative office.
	OfficeNumber string `cel:"office_number"`
	// OfficeAreas are the provinces the registered office may work in;
	// "nationwide" covers all.
	OfficeAreas []string `cel:"office_areas"`
	// OfficeScope are the fields of the registered business scope, in the
	// same vocabulary as session topic tags; empty means not restricted.
	OfficeScope []string `cel:"office_scope"`
}

// Partner is the Chinese partner unit of an activity in the mainland.
type Partner struct {
	// Present is false when the session has no Chinese partner unit.
	Present bool   `cel:"present"`
	Name    string `cel:"name"`
	NameZH  string `cel:"name_zh"`
	// UnitKind is the legal form under Art. 16: one of the Unit* values.
	UnitKind string `cel:"unit_kind"`
	// Kind is the institution kind (OrgKind* values), for Art. 53.
	Kind string `cel:"kind"`
	// Field is one of the Field* values.
	Field   string `cel:"field"`
	Country string `cel:"country"`
}

// Filing is a temporary-activity filing with the public security organ.
type Filing struct {
	// Filed is true when the filing has been made.
	Filed bool `cel:"filed"`
	// Number is the filing's reference, if any.
	Number string `cel:"number"`
	// FiledDate is the date the filing was made.
	FiledDate time.Time `cel:"filed_date"`
	// PeriodStart and PeriodEnd bound the filed activity period.
	PeriodStart time.Time `cel:"period_start"`
	PeriodEnd   time.Time `cel:"period_end"`
	// Areas are the provinces or cities covered by the filing.
	Areas []string `cel:"areas"`
}

// Funding is one source of money for a session.
type Funding struct {
	Funder Organization `cel:"funder"`
	// Amount is in minor units of Currency (informational).
	Amount   int64  `cel:"amount"`
	Currency string `cel:"currency"`
	// RoutedThroughPartnerAccount is true when the money passes through the
	// Chinese partner unit's separately kept account.
	RoutedThroughPartnerAccount bool `cel:"routed_through_partner_account"`
}

// Participant holds the facts about the participant being screened.
type Participant struct {
	ID         string `cel:"id"`
	Name       string `cel:"name"`
	NameNative string `cel:"name_native"`
	// Side is the side of the dialogue the participant is on ("US", "CN").
	Side string `cel:"side"`
	// Nationalities are all the participant's nationalities.
	Nationalities []string `cel:"nationalities"`
	// Residence is the country of residence.
	Residence string `cel:"residence"`
	// Employer is the participant's employer.
	Employer Organization `cel:"employer"`
	// EmployerKind is the participant-level employer kind (EmployerKind*
	// values), finer than Employer.Kind for state-related employers.
	EmployerKind string `cel:"employer_kind"`
	// Role and Status are the attendance role and status in the session.
	Role   string `cel:"role"`
	Status string `cel:"status"`
	// DoDFunded is true when the participant's research is funded by the US
	// Department of Defense.
	DoDFunded bool `cel:"dod_funded"`
	// TalentProgram is the name of a foreign talent-recruitment programme
	// the participant is affiliated with, empty when none.
	TalentProgram string `cel:"talent_program"`
	// BirthDate is zero when unknown.
	BirthDate time.Time `cel:"birth_date"`
	// Paid is true when the session (its organizers or funders) pays the
	// participant (honorarium, travel, per diem).
	Paid bool `cel:"paid"`
	// ActsForOrganizer is true when the participant acts on behalf of an
	// organizer (e.g. as its local agent or staff).
	ActsForOrganizer bool `cel:"acts_for_organizer"`
	// VisitingResearcher is true when an organizer hosts the participant
	// as a visiting researcher.
	VisitingResearcher bool `cel:"visiting_researcher"`
	// DirectedByPRCPrincipal / PaidByPRCPrincipal record whether the
	// participant acts at the direction of, or is paid by, a PRC government
	// or party principal; BriefsUSOfficials whether they will brief US
	// officials to shape policy (FARA).
	DirectedByPRCPrincipal bool `cel:"directed_by_prc_principal"`
	PaidByPRCPrincipal     bool `cel:"paid_by_prc_principal"`
	BriefsUSOfficials      bool `cel:"briefs_us_officials"`
	// Consents are the participant's consent records.
	Consents []Consent `cel:"consents"`
	// Watchlist holds the screening results for the person.
	Watchlist []WatchlistMatch `cel:"watchlist"`
}

// Attendee is the summary of one session participant that other
// participants' rules may see.
type Attendee struct {
	ID   string `cel:"id"`
	Name string `cel:"name"`
	// NameNative is the name in the person's own script (Chinese characters for most
	// participants from China); Chinese explanations print it when it is written in them.
	NameNative    string       `cel:"name_native"`
	Side          string       `cel:"side"`
	Nationalities []string     `cel:"nationalities"`
	Residence     string       `cel:"residence"`
	Employer      Organization `cel:"employer"`
	TalentProgram string       `cel:"talent_program"`
	Status        string       `cel:"status"`
	// Watchlist holds the screening results for the person.
	Watchlist []WatchlistMatch `cel:"watchlist"`
}

// Consent is one consent record of a participant.
type Consent struct {
	// Purpose is one of the Consent* values.
	Purpose string `cel:"purpose"`
	// Granted is false for a refusal record.
	Granted    bool      `cel:"granted"`
	RecordedAt time.Time `cel:"recorded_at"`
	// Withdrawn is true once the consent has been withdrawn.
	Withdrawn   bool      `cel:"withdrawn"`
	WithdrawnAt time.Time `cel:"withdrawn_at"`
}

// WatchlistMatch is one screening result against an imported list.
type WatchlistMatch struct {
	// List is the list id ("ofac-sdn", "csl", "cn-unreliable-entity",
	// "cn-countermeasure", or a custom list id).
	List string `cel:"list"`
	// Source is the sub-list inside a consolidated list, e.g. "EL", "MEU",
	// "UVL", "SDN" for the Consolidated Screening List.
	Source string `cel:"source"`
	// EntryID and EntryName identify the list entry.
	EntryID   string `cel:"entry_id"`
	EntryName string `cel:"entry_name"`
	// MatchedName is the entry's name or alias that matched ("WEI, Zhang", an alias of
	// "WEI, Zhao"); empty when it is EntryName.
	MatchedName string `cel:"matched_name"`
	// Programs are the sanctions programmes of the entry.
	Programs []string `cel:"programs"`
	// Level is one of the Match* values.
	Level string `cel:"level"`
	// Corroboration lists what agrees beyond the name: "birth_year",
	// "employer", "nationality".
	Corroboration []string `cel:"corroboration"`
	// Score is the matcher's score in [0,1].
	Score float64 `cel:"score"`
}

// Viewer is the tenant that stores or is shown personal data.
type Viewer struct {
	OrgID   string `cel:"org_id"`
	Name    string `cel:"name"`
	NameZH  string `cel:"name_zh"`
	Country string `cel:"country"`
	// StorageCountry is where the platform stores the data.
	StorageCountry string `cel:"storage_country"`
}

// Sharing describes personal data that becomes accessible to Viewer.
type Sharing struct {
	// Active is true when the evaluation is about a sharing of data.
	Active bool `cel:"active"`
	// USPersons counts, per DOJ data category, the US persons whose data
	// becomes accessible (including earlier shares with the same party in
	// the last 12 months).
	Categories []DataCategory `cel:"categories"`
}

// Name is a name as explanations print it: EN in the English text, ZH (when known, EN otherwise)
// in the Chinese text. The CEL function name_of(x) gives the Name of an organization, partner,
// person or viewer, so a rule can collect names of different kinds in one list.
type Name struct {
	EN string `cel:"en"`
	// ZH is the Chinese name, empty when not known.
	ZH string `cel:"zh"`
}

// DataCategory is one category of sensitive personal data with a count of
// US persons.
type DataCategory struct {
	// Category is one of "personal_identifiers", "precise_geolocation",
	// "biometric", "human_omic", "health", "financial".
	Category string `cel:"category"`
	// USPersons is the number of distinct US persons.
	USPersons int64 `cel:"us_persons"`
}
