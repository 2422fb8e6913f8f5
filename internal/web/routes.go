package web

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
)

// access says who may call a route.
type access int

const (
	// public: anyone, pages and API alike.
	public access = iota
	// page: a signed-in browser session (cookie); otherwise redirect to the login page.
	page
	// api: a Bearer token (or the session cookie); otherwise 401 problem+json.
	api
)

// route is one line of the route table. API routes carry an OpenAPI summary and the names of
// their request and response schemas (openapi.go).
type route struct {
	method string
	path   string
	access access
	// admin limits an id-less route to organization admins. Routes with ids leave the check to
	// the service, after the id is resolved in the caller's tenant, so a foreign id is a 404 for
	// everyone and only an own object can be a 403.
	admin    bool
	summary  string
	request  string
	response string
	handler  gin.HandlerFunc
}

var errNoRoute = fmt.Errorf("%w: page", apperr.ErrNotFound)

// routeTable is the one route table of Tracktwo.
func (s *Server) routeTable() []route {
	return []route{
		// Operations.
		{method: "GET", path: "/healthz", access: public, handler: s.healthz},
		{method: "GET", path: "/readyz", access: public, handler: s.readyz},

		// API: authentication and the caller.
		{method: "GET", path: "/api/v1/openapi.json", access: public, summary: "This OpenAPI document", handler: s.openapi},
		{method: "POST", path: "/api/v1/auth/login", access: public, summary: "Log in with e-mail and password", request: "LoginRequest", response: "TokenPair", handler: s.apiLogin},
		{method: "POST", path: "/api/v1/auth/refresh", access: public, summary: "Rotate a refresh token for a new token pair", request: "RefreshRequest", response: "TokenPair", handler: s.apiRefresh},
		{method: "POST", path: "/api/v1/auth/logout", access: api, summary: "End every session of the caller", handler: s.apiLogout},
		{method: "POST", path: "/api/v1/invitations/accept", access: public, summary: "Accept an invitation and create the account", request: "AcceptInvitation", response: "User", handler: s.apiAcceptInvitation},
		{method: "GET", path: "/api/v1/me", access: api, summary: "The caller, with organization and role", response: "Me", handler: s.apiMe},
		{method: "PATCH", path: "/api/v1/me", access: api, summary: "Change the caller's name, language or time zone", request: "UserUpdate", response: "Me", handler: s.apiUpdateMe},
		{method: "POST", path: "/api/v1/me/password", access: api, summary: "Change the caller's password (ends other sessions)", request: "PasswordChange", response: "TokenPair", handler: s.apiChangePassword},

		// API: organizations, users, invitations, audit.
		{method: "GET", path: "/api/v1/directory/orgs", access: api, summary: "Organizations for pickers (minimal fields)", response: "OrgList", handler: s.apiOrgDirectory},
		{method: "GET", path: "/api/v1/orgs/:id", access: api, summary: "The caller's organization", response: "Organization", handler: s.apiGetOrg},
		{method: "PATCH", path: "/api/v1/orgs/:id", access: api, summary: "Change the caller's organization", request: "OrganizationInput", response: "Organization", handler: s.apiUpdateOrg},
		{method: "GET", path: "/api/v1/orgs/:id/users", access: api, summary: "Users of the caller's organization", response: "UserList", handler: s.apiListUsers},
		{method: "GET", path: "/api/v1/orgs/:id/users/:user_id", access: api, summary: "One user of the caller's organization", response: "User", handler: s.apiGetUser},
		{method: "PATCH", path: "/api/v1/orgs/:id/users/:user_id", access: api, summary: "Change a user's role or disable them", request: "UserUpdate", response: "User", handler: s.apiUpdateUser},
		{method: "POST", path: "/api/v1/orgs/:id/users/:user_id/password-reset", access: api, summary: "Issue a single-use password reset link for a user (admins)", response: "NewPasswordReset", handler: s.apiPasswordReset},
		{method: "GET", path: "/api/v1/orgs/:id/invitations", access: api, summary: "Invitations of the caller's organization", response: "InvitationList", handler: s.apiListInvitations},
		{method: "POST", path: "/api/v1/orgs/:id/invitations", access: api, summary: "Invite someone to the organization", request: "InvitationInput", response: "NewInvitation", handler: s.apiInvite},
		{method: "DELETE", path: "/api/v1/orgs/:id/invitations/:invitation_id", access: api, summary: "Revoke a pending invitation", handler: s.apiRevokeInvitation},
		{method: "GET", path: "/api/v1/platform/orgs", access: api, summary: "Every organization (platform administrators only; 404 for others)", response: "OrganizationList", handler: s.apiPlatformOrgs},
		{method: "POST", path: "/api/v1/platform/orgs", access: api, summary: "Create an organization (platform administrators only)", request: "OrganizationCreate", response: "Organization", handler: s.apiPlatformCreateOrg},
		{method: "GET", path: "/api/v1/audit-events", access: api, admin: true, summary: "The organization's audit log, newest first", response: "AuditList", handler: s.apiAuditEvents},

		// API: screening (watchlists, search, rules).
		{method: "GET", path: "/api/v1/watchlists", access: api, summary: "Watchlists screened against: platform-wide and the organization's own", response: "WatchlistList", handler: s.apiWatchlists},
		{method: "POST", path: "/api/v1/watchlists", access: api, summary: "Import a watchlist (multipart: format ofac|csl|csv, file...); replaces the list atomically", request: "WatchlistUpload", response: "WatchlistImport", handler: s.apiImportWatchlist},
		{method: "GET", path: "/api/v1/screening/search", access: api, summary: "Screen a name against the watchlists (?name=&birth_date=&nationality=&employer=&list=&limit=)", response: "ScreeningHitList", handler: s.apiScreeningSearch},
		{method: "GET", path: "/api/v1/sessions/:id/flags", access: api, summary: "A session's flags (session rules and the caller's participants), most severe first", response: "FlagList", handler: s.apiSessionFlags},
		{method: "GET", path: "/api/v1/participants/:id/flags", access: api, summary: "One of the caller's participants' flags across sessions", response: "FlagList", handler: s.apiParticipantFlags},
		{method: "GET", path: "/api/v1/flags/:id", access: api, summary: "One flag with its review history", response: "Flag", handler: s.apiGetFlag},
		{method: "PATCH", path: "/api/v1/flags/:id", access: api, summary: "Review a flag: acknowledged, mitigated, dismissed (with a reason) or open", request: "FlagReview", response: "Flag", handler: s.apiReviewFlag},
		{method: "GET", path: "/api/v1/rules", access: api, summary: "The loaded restriction rules with their citations", response: "RuleList", handler: s.apiRules},
		// API: dialogues, co-convener invitations (issue 3).
		{method: "POST", path: "/api/v1/dialogues", access: api, summary: "Start a dialogue convened by the caller's organization", request: "DialogueInput", response: "Dialogue", handler: s.apiCreateDialogue},
		{method: "GET", path: "/api/v1/dialogues", access: api, summary: "Dialogues the caller's organization convenes", response: "DialogueList", handler: s.apiListDialogues},
		{method: "GET", path: "/api/v1/dialogues/:id", access: api, summary: "One dialogue with its conveners", response: "Dialogue", handler: s.apiGetDialogue},
		{method: "PATCH", path: "/api/v1/dialogues/:id", access: api, summary: "Change a dialogue's settings (and the caller's home zone in it)", request: "DialogueInput", response: "Dialogue", handler: s.apiUpdateDialogue},
		{method: "POST", path: "/api/v1/dialogues/:id/invitations", access: api, summary: "Invite an organization of the other side as co-convener", request: "ConvenerInvitationInput", response: "Convener", handler: s.apiInviteConvener},
		{method: "DELETE", path: "/api/v1/dialogues/:id/conveners/:org_id", access: api, summary: "Remove a co-convener (effective on its next request) or withdraw its invitation", handler: s.apiRemoveConvener},
		{method: "GET", path: "/api/v1/dialogue-invitations", access: api, summary: "Co-convener invitations addressed to the caller's organization", response: "ConvenerList", handler: s.apiDialogueInvitations},
		{method: "POST", path: "/api/v1/dialogue-invitations/:id/accept", access: api, summary: "Accept a co-convener invitation", response: "Convener", handler: s.apiAnswerDialogueInvitation(true)},
		{method: "POST", path: "/api/v1/dialogue-invitations/:id/decline", access: api, summary: "Decline a co-convener invitation", response: "Convener", handler: s.apiAnswerDialogueInvitation(false)},

		// API: sessions, lifecycle, attendance, calendars (issue 3).
		{method: "POST", path: "/api/v1/sessions", access: api, summary: "Write a draft session of a dialogue", request: "SessionInput", response: "SessionDetail", handler: s.apiCreateSession},
		{method: "GET", path: "/api/v1/sessions", access: api, summary: "Sessions the caller may see (?dialogue_id=&status=&from=&to=)", response: "SessionList", handler: s.apiListSessions},
		{method: "GET", path: "/api/v1/sessions/:id", access: api, summary: "One session with local times, warnings and allowed transitions", response: "SessionDetail", handler: s.apiGetSession},
		{method: "PATCH", path: "/api/v1/sessions/:id", access: api, summary: "Change a session", request: "SessionInput", response: "SessionDetail", handler: s.apiUpdateSession},
		{method: "POST", path: "/api/v1/sessions/:id/transitions", access: api, summary: "Move a session through its lifecycle", request: "TransitionInput", response: "SessionDetail", handler: s.apiTransitionSession},
		{method: "GET", path: "/api/v1/sessions/:id/transitions", access: api, summary: "A session's lifecycle history", response: "TransitionList", handler: s.apiSessionTransitions},
		{method: "POST", path: "/api/v1/sessions/:id/attendees", access: api, summary: "Add one of the caller's participants to a session", request: "AttendeeInput", response: "NewAttendee", handler: s.apiAddAttendee},
		{method: "GET", path: "/api/v1/sessions/:id/attendees", access: api, summary: "A session's attendees (other organizations' reduced to name, affiliation, role, side)", response: "AttendeeList", handler: s.apiListAttendees},
		{method: "PATCH", path: "/api/v1/sessions/:id/attendees/:attendee_id", access: api, summary: "Change an attendee's role, status, paid flag or screening facts (acts_for_organizer, visiting_researcher, briefs_us_officials)", request: "AttendeeInput", response: "Attendee", handler: s.apiUpdateAttendee},
		{method: "GET", path: "/api/v1/sessions/:id/calendar.ics", access: api, summary: "One session as an RFC 5545 iCalendar file", handler: s.apiSessionCalendar},

		// API: minutes and commitments (issue 5).
		{method: "GET", path: "/api/v1/sessions/:id/minutes", access: api, summary: "The session's minutes (an empty draft at revision 1 until first saved)", response: "MinutesDocument", handler: s.apiGetMinutes},
		{method: "PUT", path: "/api/v1/sessions/:id/minutes", access: api, summary: "Save the minutes; revision is the one edited (a stale one is 409)", request: "MinutesDocument", response: "MinutesDocument", handler: s.apiPutMinutes},
		{method: "GET", path: "/api/v1/sessions/:id/minutes/revisions", access: api, summary: "Every saved state of the minutes, oldest first", response: "MinutesRevisionList", handler: s.apiMinutesRevisions},
		{method: "POST", path: "/api/v1/sessions/:id/minutes/transitions", access: api, summary: "Circulate, agree (caller's organization), lock or amend the minutes", request: "MinutesTransition", response: "MinutesDocument", handler: s.apiMinutesTransition},
		{method: "GET", path: "/api/v1/sessions/:id/minutes/export", access: api, summary: "Export the minutes (?format=pdf|docx|md|html|json&level=full|chatham&lang=en|zh|both) as an attachment", handler: s.apiExportMinutes},
		{method: "POST", path: "/api/v1/commitments", access: api, summary: "Record a commitment made in a session", request: "CommitmentInput", response: "Commitment", handler: s.apiCreateCommitment},
		{method: "GET", path: "/api/v1/commitments", access: api, summary: "The commitment register (?dialogue_id=&party=&status=&overdue=; status=withdrawn lists the withdrawn ones, otherwise left out)", response: "CommitmentList", handler: s.apiListCommitments},
		{method: "GET", path: "/api/v1/commitments/:id", access: api, summary: "A commitment with its assessment timeline and per-party summary", response: "CommitmentDetail", handler: s.apiGetCommitment},
		{method: "PATCH", path: "/api/v1/commitments/:id", access: api, summary: "Change a commitment", request: "CommitmentInput", response: "Commitment", handler: s.apiUpdateCommitment},
		{method: "POST", path: "/api/v1/commitments/:id/withdrawal", access: api, summary: "Withdraw a commitment with a reason (it leaves the register and the totals; its record and assessments stay)", request: "WithdrawalInput", response: "Commitment", handler: s.apiWithdrawCommitment},
		{method: "DELETE", path: "/api/v1/commitments/:id/withdrawal", access: api, summary: "Reinstate a withdrawn commitment as it was", response: "Commitment", handler: s.apiReinstateCommitment},
		{method: "POST", path: "/api/v1/commitments/:id/assessments", access: api, summary: "Assess a commitment (or recalibrate an earlier assessment)", request: "AssessmentInput", response: "Assessment", handler: s.apiAssessCommitment},
		{method: "POST", path: "/api/v1/calendar-feeds", access: api, summary: "Make a calendar subscription feed (user, org or dialogue)", request: "FeedInput", response: "NewFeed", handler: s.apiCreateFeed},
		{method: "GET", path: "/api/v1/calendar-feeds", access: api, summary: "The caller's calendar feeds", response: "FeedList", handler: s.apiListFeeds},
		{method: "DELETE", path: "/api/v1/calendar-feeds/:id", access: api, summary: "Revoke a calendar feed", handler: s.apiRevokeFeed},

		// API: participant registry (issue 3).
		{method: "POST", path: "/api/v1/participants", access: api, summary: "Add a participant to the caller's registry", request: "ParticipantInput", response: "Participant", handler: s.apiCreateParticipant},
		{method: "GET", path: "/api/v1/participants", access: api, summary: "The caller's participant registry (?q= searches)", response: "ParticipantList", handler: s.apiListParticipants},
		{method: "POST", path: "/api/v1/participants/import", access: api, summary: "Import participants from CSV or XLSX (multipart \"file\"; ?dry_run=true reports only): new people are added, people already in the registry (same e-mail, else names and employer) updated from the non-empty cells; people erased before are left out (suppressed) unless ?include_erased=true", response: "ImportReport", handler: s.apiImportParticipants},
		{method: "GET", path: "/api/v1/participants/import-template", access: api, summary: "An empty participant list to fill in and import: the header row of every importable column (?format=csv|xlsx, ?lang=en|zh; default CSV in the caller's language)", handler: s.apiImportTemplate},
		{method: "GET", path: "/api/v1/participants/export", access: api, summary: "Export the registry as CSV or XLSX (?format=csv|xlsx), formulas neutralised", handler: s.apiExportParticipants},
		{method: "GET", path: "/api/v1/participants/:id", access: api, summary: "One participant of the caller's registry", response: "Participant", handler: s.apiGetParticipant},
		{method: "PATCH", path: "/api/v1/participants/:id", access: api, summary: "Change a participant", request: "ParticipantInput", response: "Participant", handler: s.apiUpdateParticipant},
		{method: "DELETE", path: "/api/v1/participants/:id", access: api, summary: "Delete a participant with their consent records and attendance", handler: s.apiDeleteParticipant},
		{method: "GET", path: "/api/v1/participants/:id/personal-data", access: api, summary: "Everything held about one person of the caller's registry: a ZIP with person.json and their papers (SECURITY.md P3)", handler: s.personalData},
		{method: "GET", path: "/api/v1/participants/:id/consents", access: api, summary: "A participant's consent history", response: "ConsentList", handler: s.apiListConsents},
		{method: "POST", path: "/api/v1/participants/:id/consents", access: api, summary: "Record consent given or withdrawn", request: "ConsentInput", response: "Consent", handler: s.apiRecordConsent},
		{method: "GET", path: "/feeds/:token", access: public, handler: s.feed},

		// API: position papers (issue 4).
		{method: "GET", path: "/api/v1/sessions/:id/call-for-papers", access: api, summary: "A session's call for papers", response: "CallForPapers", handler: s.apiGetCall},
		{method: "PUT", path: "/api/v1/sessions/:id/call-for-papers", access: api, summary: "Open or change a session's call for papers (conveners)", request: "CallForPapersInput", response: "CallForPapers", handler: s.apiSetCall},
		{method: "POST", path: "/api/v1/sessions/:id/papers", access: api, summary: "Submit a paper (multipart: metadata fields, then the file)", request: "PaperUpload", response: "UploadResult", handler: s.apiSubmitPaper},
		{method: "GET", path: "/api/v1/sessions/:id/papers", access: api, summary: "Papers of a session (?status=)", response: "PaperList", handler: s.apiListSessionPapers},
		{method: "GET", path: "/api/v1/sessions/:id/papers/pack.zip", access: api, summary: "Accepted papers of a session as one ZIP with a bilingual index (conveners)", handler: s.apiReadingPack},
		{method: "GET", path: "/api/v1/papers", access: api, summary: "The caller's papers and review assignments (?status=)", response: "PaperList", handler: s.apiMyPapers},
		{method: "GET", path: "/api/v1/papers/:id", access: api, summary: "One paper with versions, reviews and history as the caller may see them", response: "Paper", handler: s.apiGetPaper},
		{method: "PATCH", path: "/api/v1/papers/:id", access: api, summary: "Change a paper's details, authors, or mark it public", request: "PaperInput", response: "Paper", handler: s.apiUpdatePaper},
		{method: "POST", path: "/api/v1/papers/:id/versions", access: api, summary: "Upload a new version (multipart: note, then the file)", request: "VersionUpload", response: "UploadResult", handler: s.apiAddVersion},
		{method: "GET", path: "/api/v1/papers/:id/versions/:n/file", access: api, summary: "Download a version (attachment)", handler: s.apiDownloadVersion},
		{method: "POST", path: "/api/v1/papers/:id/reviewers", access: api, summary: "Assign a reviewer (conveners; conflicts of interest refused)", request: "ReviewerInput", response: "Reviewer", handler: s.apiAssignReviewer},
		{method: "POST", path: "/api/v1/papers/:id/conflicts", access: api, summary: "Declare the caller's conflict of interest with a paper", request: "ConflictInput", response: "Reviewer", handler: s.apiDeclareConflict},
		{method: "POST", path: "/api/v1/papers/:id/reviews", access: api, summary: "Review the current version (assigned reviewers)", request: "ReviewInput", response: "Review", handler: s.apiSubmitReview},
		{method: "POST", path: "/api/v1/papers/:id/decision", access: api, summary: "Accept, ask for revision or reject (conveners)", request: "DecisionInput", response: "Paper", handler: s.apiDecide},

		// Pages.
		{method: "GET", path: "/login", access: public, handler: s.uiLoginForm},
		{method: "POST", path: "/login", access: public, handler: s.uiLogin},
		{method: "POST", path: "/language", access: public, handler: s.uiSetLanguage},
		{method: "GET", path: "/invitations/:token", access: public, handler: s.uiInvitationForm},
		{method: "POST", path: "/invitations/:token", access: public, handler: s.uiAcceptInvitation},
		{method: "GET", path: "/password-reset/:token", access: public, handler: s.uiResetForm},
		{method: "POST", path: "/password-reset/:token", access: public, handler: s.uiReset},
		{method: "GET", path: "/", access: page, handler: s.uiDashboard},
		{method: "POST", path: "/logout", access: page, handler: s.uiLogout},
		{method: "GET", path: "/account", access: page, handler: s.uiAccount},
		{method: "POST", path: "/account", access: page, handler: s.uiUpdateAccount},
		{method: "POST", path: "/account/password", access: page, handler: s.uiChangePassword},
		{method: "GET", path: "/org", access: page, handler: s.uiOrg},
		{method: "POST", path: "/org", access: page, admin: true, handler: s.uiUpdateOrg},
		{method: "GET", path: "/org/users", access: page, admin: true, handler: s.uiUsers},
		{method: "POST", path: "/org/users/:id", access: page, handler: s.uiUpdateUser},
		{method: "POST", path: "/org/users/:id/password-reset", access: page, handler: s.uiIssueReset},
		{method: "POST", path: "/org/invitations", access: page, admin: true, handler: s.uiInvite},
		{method: "POST", path: "/org/invitations/:id/revoke", access: page, handler: s.uiRevokeInvitation},
		{method: "GET", path: "/org/audit", access: page, admin: true, handler: s.uiAudit},
		{method: "GET", path: "/screening", access: page, handler: s.uiScreening},
		{method: "POST", path: "/screening/watchlists", access: page, admin: true, handler: s.uiImportWatchlist},
		{method: "GET", path: "/screening/rules", access: page, handler: s.uiRules},
		{method: "GET", path: "/sessions/:id/flags", access: page, handler: s.uiSessionFlags},
		{method: "GET", path: "/flags/:id", access: page, handler: s.uiFlag},
		{method: "POST", path: "/flags/:id", access: page, handler: s.uiReviewFlag},

		// Pages: dialogues, sessions, participants (issue 3).
		{method: "GET", path: "/dialogues", access: page, handler: s.uiDialogues},
		{method: "POST", path: "/dialogues", access: page, handler: s.uiCreateDialogue},
		{method: "GET", path: "/dialogues/:id", access: page, handler: s.uiDialogue},
		{method: "POST", path: "/dialogues/:id/invitations", access: page, handler: s.uiInviteConvener},
		{method: "POST", path: "/dialogues/:id/conveners/:org_id/remove", access: page, handler: s.uiRemoveConvener},
		{method: "POST", path: "/dialogue-invitations/:id/accept", access: page, handler: s.uiAnswerDialogueInvitation(true)},
		{method: "POST", path: "/dialogue-invitations/:id/decline", access: page, handler: s.uiAnswerDialogueInvitation(false)},
		{method: "GET", path: "/sessions", access: page, handler: s.uiSessions},
		{method: "GET", path: "/sessions/new", access: page, handler: s.uiNewSession},
		{method: "POST", path: "/sessions", access: page, handler: s.uiCreateSession},
		{method: "GET", path: "/sessions/:id", access: page, handler: s.uiSession},
		{method: "GET", path: "/sessions/:id/edit", access: page, handler: s.uiEditSession},
		{method: "POST", path: "/sessions/:id", access: page, handler: s.uiUpdateSession},
		{method: "POST", path: "/sessions/:id/transitions", access: page, handler: s.uiTransitionSession},
		{method: "POST", path: "/sessions/:id/attendees", access: page, handler: s.uiAddAttendee},
		{method: "GET", path: "/sessions/:id/attendees/:attendee_id", access: page, handler: s.uiAttendee},
		{method: "POST", path: "/sessions/:id/attendees/:attendee_id", access: page, handler: s.uiUpdateAttendee},
		{method: "GET", path: "/sessions/:id/calendar.ics", access: page, handler: s.uiSessionCalendar},

		// Pages: minutes and commitments (issue 5).
		{method: "GET", path: "/sessions/:id/minutes", access: page, handler: s.uiMinutes},
		{method: "POST", path: "/sessions/:id/minutes", access: page, handler: s.uiSaveMinutes},
		{method: "GET", path: "/sessions/:id/minutes/agreement", access: page, handler: s.uiMinutesAgreement},
		{method: "POST", path: "/sessions/:id/minutes/transitions", access: page, handler: s.uiMinutesTransition},
		{method: "GET", path: "/sessions/:id/minutes/revisions", access: page, handler: s.uiMinutesRevisions},
		{method: "GET", path: "/sessions/:id/minutes/revisions/:seq", access: page, handler: s.uiMinutesRevision},
		{method: "GET", path: "/sessions/:id/minutes/export", access: page, handler: s.uiExportMinutes},
		{method: "GET", path: "/commitments", access: page, handler: s.uiCommitments},
		{method: "POST", path: "/commitments", access: page, handler: s.uiCreateCommitment},
		{method: "GET", path: "/commitments/:id", access: page, handler: s.uiCommitment},
		{method: "POST", path: "/commitments/:id", access: page, handler: s.uiUpdateCommitment},
		{method: "POST", path: "/commitments/:id/assessments", access: page, handler: s.uiAssessCommitment},
		{method: "POST", path: "/commitments/:id/withdrawal", access: page, handler: s.uiWithdrawCommitment},
		{method: "POST", path: "/commitments/:id/reinstatement", access: page, handler: s.uiReinstateCommitment},
		{method: "GET", path: "/participants", access: page, handler: s.uiParticipants},
		{method: "GET", path: "/participants/new", access: page, handler: s.uiNewParticipant},
		{method: "POST", path: "/participants", access: page, handler: s.uiCreateParticipant},
		{method: "GET", path: "/participants/import", access: page, handler: s.uiImportForm},
		{method: "POST", path: "/participants/import", access: page, handler: s.uiImport},
		{method: "GET", path: "/participants/export", access: page, handler: s.uiExport},
		{method: "GET", path: "/participants/:id", access: page, handler: s.uiParticipant},
		{method: "POST", path: "/participants/:id", access: page, handler: s.uiUpdateParticipant},
		{method: "POST", path: "/participants/:id/consents", access: page, handler: s.uiRecordConsent},
		{method: "GET", path: "/participants/:id/personal-data", access: page, handler: s.personalData},
		{method: "POST", path: "/participants/:id/delete", access: page, handler: s.uiDeleteParticipant},
		{method: "GET", path: "/rsvp/:token", access: public, handler: s.uiRSVP},
		{method: "POST", path: "/rsvp/:token", access: public, handler: s.uiAnswerRSVP},

		// Pages: position papers (issue 4).
		{method: "GET", path: "/papers", access: page, handler: s.uiMyPapers},
		{method: "GET", path: "/sessions/:id/papers", access: page, handler: s.uiSessionPapers},
		{method: "POST", path: "/sessions/:id/papers", access: page, handler: s.uiSubmitPaper},
		{method: "POST", path: "/sessions/:id/call-for-papers", access: page, handler: s.uiSetCall},
		{method: "GET", path: "/papers/:id", access: page, handler: s.uiPaper},
		{method: "POST", path: "/papers/:id", access: page, handler: s.uiUpdatePaper},
		{method: "POST", path: "/papers/:id/versions", access: page, handler: s.uiAddVersion},
		{method: "GET", path: "/papers/:id/versions/:n/file", access: page, handler: s.apiDownloadVersion},
		{method: "POST", path: "/papers/:id/reviewers", access: page, handler: s.uiAssignReviewer},
		{method: "POST", path: "/papers/:id/conflicts", access: page, handler: s.uiDeclareConflict},
		{method: "POST", path: "/papers/:id/reviews", access: page, handler: s.uiSubmitReview},
		{method: "POST", path: "/papers/:id/decision", access: page, handler: s.uiDecide},
		{method: "GET", path: "/sessions/:id/papers/pack.zip", access: page, handler: s.apiReadingPack},
	}
}

// register adds the route table to the engine with each route's authentication.
func (s *Server) register(e *gin.Engine) {
	for _, r := range s.routes {
		var chain []gin.HandlerFunc
		switch r.access {
		case page:
			chain = append(chain, s.uiAuth())
		case api:
			chain = append(chain, s.apiAuth())
		case public:
			chain = append(chain, s.optionalUser())
		}
		if r.admin {
			chain = append(chain, s.requireAdmin())
		}
		chain = append(chain, r.handler)
		e.Handle(r.method, r.path, chain...)
	}
}
