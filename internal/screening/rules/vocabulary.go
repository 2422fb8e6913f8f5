package rules

// Organization kinds (Organization.Kind, Partner.Kind).
const (
	OrgKindNGO                  = "ngo"
	OrgKindFoundation           = "foundation"
	OrgKindThinkTank            = "think_tank"
	OrgKindUniversity           = "university"
	OrgKindSchool               = "school"
	OrgKindHospital             = "hospital"
	OrgKindResearchInstitute    = "research_institute"
	OrgKindAcademicOrganization = "academic_organization"
	OrgKindCompany              = "company"
	OrgKindGovernment           = "government"
	OrgKindOther                = "other"
)

// OrgKinds lists the organization kinds, the vocabulary of session partners, co-hosts and funders.
var OrgKinds = []string{OrgKindNGO, OrgKindFoundation, OrgKindThinkTank, OrgKindUniversity, OrgKindSchool, OrgKindHospital,
	OrgKindResearchInstitute, OrgKindAcademicOrganization, OrgKindCompany, OrgKindGovernment, OrgKindOther}

// Fields of work (Organization.Field, Partner.Field).
const (
	FieldNaturalScience = "natural_science"
	FieldEngineering    = "engineering"
	FieldSocialScience  = "social_science"
	FieldPolicy         = "policy"
	FieldOther          = "other"
)

// Fields lists the fields of work.
var Fields = []string{FieldNaturalScience, FieldEngineering, FieldSocialScience, FieldPolicy, FieldOther}

// Overseas NGO Law standings (ONGOStanding.Standing).
const (
	StandingRegisteredOffice = "registered_office"
	StandingTemporaryFiling  = "temporary_filing"
	StandingNone             = "none"
)

// Standings lists the Overseas NGO Law standings.
var Standings = []string{StandingRegisteredOffice, StandingTemporaryFiling, StandingNone}

// Chinese partner unit kinds under Art. 16 (Partner.UnitKind).
const (
	UnitStateOrgan          = "state_organ"
	UnitPeoplesOrganization = "peoples_organization"
	UnitPublicInstitution   = "public_institution"
	UnitSocialOrganization  = "social_organization"
	UnitCompany             = "company"
	UnitIndividual          = "individual"
)

// Participant employer kinds (Participant.EmployerKind).
const (
	EmployerGovernmentOrgan   = "government_organ"
	EmployerMilitary          = "military"
	EmployerStateEnterprise   = "state_enterprise"
	EmployerPublicUniversity  = "public_university"
	EmployerPrivateUniversity = "private_university"
	EmployerResearchInstitute = "research_institute"
	EmployerNGO               = "ngo"
	EmployerCompany           = "company"
	// EmployerOther is any other employer (no rule singles it out).
	EmployerOther = "other"
)

// EmployerKinds lists the participant employer kinds: the one vocabulary of the participant
// registry (forms, API, import) and of the rules.
var EmployerKinds = []string{EmployerGovernmentOrgan, EmployerMilitary, EmployerStateEnterprise, EmployerPublicUniversity,
	EmployerPrivateUniversity, EmployerResearchInstitute, EmployerNGO, EmployerCompany, EmployerOther}

// Consent purposes (Consent.Purpose).
const (
	ConsentProcessing          = "processing"
	ConsentCrossBorderTransfer = "cross_border_transfer"
	ConsentSharing             = "sharing"
)

// Watchlist match levels (WatchlistMatch.Level).
const (
	// MatchPossible is a name-only match that needs corroboration.
	MatchPossible = "possible"
	// MatchCorroborated is a name match with birth year, employer or
	// nationality agreeing.
	MatchCorroborated = "corroborated"
	// MatchConfirmed is a match a reviewer has confirmed.
	MatchConfirmed = "confirmed"
)

// Rule subjects.
const (
	SubjectSession     = "session"
	SubjectParticipant = "participant"
)

// Severities, from the most to the least severe.
const (
	SeverityBlock = "block"
	SeverityHigh  = "high"
	SeverityWarn  = "warn"
	SeverityInfo  = "info"
)

// SeverityRank orders severities: block 4, high 3, warn 2, info 1, unknown 0.
func SeverityRank(s string) int {
	switch s {
	case SeverityBlock:
		return 4
	case SeverityHigh:
		return 3
	case SeverityWarn:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}
