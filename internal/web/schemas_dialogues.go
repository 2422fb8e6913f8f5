package web

import (
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/participant"
)

// OpenAPI schemas of issue 3 (dialogues, sessions, attendance, feeds, participants).
func init() {
	dt, date := strf("date-time"), strf("date")
	strs := arrayOf(str())
	sessionStatus := enum(dialogue.Statuses...)
	// minutes_agreed is reached only by locking the minutes, never asked for.
	manualTargets := []string{}
	for _, st := range dialogue.Statuses {
		if st != dialogue.StatusMinutesAgreed {
			manualTargets = append(manualTargets, st)
		}
	}
	format := enum("in_person", "online", "hybrid")
	convener := object(obj{"id": str(), "dialogue_id": str(), "org_id": str(), "role": enum("convener", "co_convener"),
		"status": enum("invited", "active", "declined", "removed"), "home_zone": str(), "org_name": str(), "org_name_zh": str(),
		"org_country": str(), "inviter_name": str(), "dialogue_title": str(), "responded_at": dt, "created_at": dt})
	kinds, fields, standing := enum(dialogue.InstitutionKinds...), enum(org.Fields...), enum(org.ONGOStatuses...)
	area := obj{"type": "string", "description": "provinces a registered office covers, comma-separated, or nationwide"}
	scope := obj{"type": "string", "description": "topic tags of a registered office's scope, comma-separated (empty: unrestricted)"}
	funding := object(obj{"funder_name": str(), "funder_country": str(), "funder_kind": kinds, "amount": integer(),
		"currency": str(), "routed_through_partner_account": boolean(), "funder_ongo_status": standing,
		"funder_ongo_office_area": area, "funder_ongo_office_scope": scope}, "funder_name")
	cohost := object(obj{"name": str(), "name_zh": str(), "country": str(), "kind": kinds, "field": fields,
		"is_public": boolean(), "us_state": str(), "ongo_status": standing, "ongo_office_area": area,
		"ongo_office_scope": scope}, "name")
	sessionProps := func(times obj) obj {
		return obj{"title": str(), "title_zh": str(), "description": str(), "description_zh": str(), "agenda": str(),
			"format": format, "city": str(), "province": str(), "country": str(), "venue": str(), "online_url": str(),
			"timezone": str(), "starts_at": times, "ends_at": times, "partner_name": str(), "partner_name_zh": str(),
			"partner_unit_kind": enum("state_organ", "peoples_organization", "public_institution", "social_organization", "company", "individual"),
			"partner_kind":      kinds, "partner_field": fields, "partner_country": str(), "filing_number": str(), "filing_date": date,
			"filing_period_start": date, "filing_period_end": date, "filing_area": str(), "topic_tags": strs,
			"is_partnership_agreement": boolean(), "capacity_us": integer(), "capacity_cn": integer(),
			"funding": arrayOf(funding), "cohosts": arrayOf(cohost)}
	}
	session := sessionProps(dt)
	for k, v := range (obj{"id": str(), "dialogue_id": str(), "org_id": str(), "status": sessionStatus, "status_reason": str(),
		"status_changed_at": dt, "in_mainland": boolean(), "sequence": integer(), "dialogue_title": str(),
		"created_at": dt, "updated_at": dt}) {
		session[k] = v
	}
	detail := obj{}
	for k, v := range session {
		detail[k] = v
	}
	detail["local_times"] = arrayOf(object(obj{"role": enum("session", "viewer", "side"), "zone": str(), "start": dt,
		"end": dt, "abbrev": str(), "offset": str(), "day_shift": integer()}))
	detail["warnings"] = arrayOf(ref("Warning"))
	detail["actions"] = arrayOf(sessionStatus)
	detail["conveners"] = arrayOf(ref("Convener"))
	input := sessionProps(obj{"type": "string", "description": "RFC 3339 instant, or local wall-clock time (2026-03-10T09:00) in timezone"})
	input["dialogue_id"] = str()
	attendee := object(obj{"id": str(), "session_id": str(), "participant_id": str(), "org_id": str(), "side": enum("US", "CN"),
		"role":   enum("convener", "delegate", "speaker", "rapporteur", "observer"),
		"status": enum("invited", "confirmed", "declined", "attended"), "paid": boolean(), "name_latin": str(),
		"name_native": str(), "employer": str(), "responded_at": dt, "acts_for_organizer": boolean(),
		"visiting_researcher": boolean(), "briefs_us_officials": boolean()})
	newAttendee := object(obj{"id": str(), "participant_id": str(), "role": str(), "status": str(), "side": str(),
		"rsvp_url": strf("uri"), "warnings": arrayOf(ref("Warning"))})
	participantProps := obj{"name_latin": str(), "name_native": str(), "nationality": strs, "residence_country": str(),
		"employer": str(), "employer_kind": enum(participant.EmployerKinds()...), "employer_country": str(),
		"employer_us_state": str(), "employer_public": boolean(), "employer_listed_1286": boolean(),
		"employer_hosts_confucius_institute": boolean(), "directed_by_prc_principal": boolean(), "paid_by_prc_principal": boolean(), "position": str(), "email": strf("email"), "phone": str(),
		"languages": strs, "birth_date": str(), "dod_funded": boolean(), "talent_program": str(), "notes": str()}
	participant := obj{"id": str(), "org_id": str(), "created_at": dt, "updated_at": dt}
	for k, v := range participantProps {
		participant[k] = v
	}
	registerSchemas(obj{
		"DialogueInput": object(obj{"title": str(), "title_zh": str(), "topic": str(), "description": str(),
			"languages": arrayOf(enum("en", "zh")), "chatham_house": boolean(), "home_zone": str()}),
		"Dialogue": object(obj{"id": str(), "org_id": str(), "title": str(), "title_zh": str(), "topic": str(),
			"description": str(), "languages": strs, "chatham_house": boolean(), "conveners": arrayOf(ref("Convener")),
			"created_at": dt, "updated_at": dt}, "id", "title", "topic"),
		"DialogueList":            listOf("Dialogue"),
		"ConvenerInvitationInput": object(obj{"org_id": str()}, "org_id"),
		"Convener":                convener,
		"ConvenerList":            listOf("Convener"),
		"Warning":                 object(obj{"code": enum("holiday", "holidays_unknown", "double_booked"), "message": str(), "message_zh": str()}),
		"SessionInput":            object(input),
		"Session":                 object(session, "id", "dialogue_id", "title", "starts_at", "ends_at", "timezone", "format", "status"),
		"SessionDetail":           object(detail, "id", "dialogue_id", "title", "starts_at", "ends_at", "timezone", "format", "status"),
		"SessionSummary": object(obj{"id": str(), "dialogue_id": str(), "dialogue_title": str(), "dialogue_title_zh": str(),
			"org_id": str(), "title": str(), "title_zh": str(), "format": format, "city": str(), "province": str(),
			"country": str(), "in_mainland": boolean(), "timezone": str(), "starts_at": dt, "ends_at": dt,
			"status": sessionStatus, "sequence": integer(), "capacity_us": integer(), "capacity_cn": integer(), "updated_at": dt}),
		"SessionList":     listOf("SessionSummary"),
		"TransitionInput": object(obj{"to": enum(manualTargets...), "reason": str()}, "to"),
		"Transition": object(obj{"id": str(), "session_id": str(), "from": sessionStatus, "to": sessionStatus,
			"reason": str(), "actor_id": str(), "org_id": str(), "at": dt}),
		"TransitionList": listOf("Transition"),
		"AttendeeInput": object(obj{"participant_id": str(), "role": enum("convener", "delegate", "speaker", "rapporteur", "observer"),
			"status": enum("invited", "confirmed", "declined", "attended"), "paid": boolean(), "acts_for_organizer": boolean(),
			"visiting_researcher": boolean(), "briefs_us_officials": boolean()}),
		"Attendee":         attendee,
		"NewAttendee":      newAttendee,
		"AttendeeList":     listOf("Attendee"),
		"FeedInput":        object(obj{"kind": enum("user", "org", "dialogue"), "dialogue_id": str()}, "kind"),
		"Feed":             object(obj{"id": str(), "kind": str(), "dialogue_id": str(), "created_at": dt}),
		"NewFeed":          object(obj{"id": str(), "kind": str(), "dialogue_id": str(), "url": strf("uri"), "created_at": dt}),
		"FeedList":         listOf("Feed"),
		"ParticipantInput": object(participantProps),
		"Participant":      object(participant, "id", "name_latin"),
		"ParticipantList":  listOf("Participant"),
		"ImportReport": object(obj{"format": enum("csv", "xlsx"), "encoding": str(), "rows": integer(), "valid": integer(),
			"created": integer(), "updated": integer(), "unchanged": integer(),
			"existing": obj{"type": "integer", "description": "updated + unchanged"}, "skipped": integer(),
			"suppressed": obj{"type": "integer", "description": "rows of people erased before, not added (?include_erased=true adds them)"},
			"readded":    obj{"type": "integer", "description": "people erased before, added again (?include_erased=true)"},
			"dry_run":    boolean(), "saved": boolean(),
			"problems": arrayOf(object(obj{"row": integer(), "column": str(), "cell": str(),
				"severity": enum("error", "warning"), "code": str(), "message": str(),
				"erased_on": obj{"type": "string", "format": "date", "description": "code erased: the day the person's data was erased"}})),
			"updates": arrayOf(object(obj{"row": integer(), "participant_id": str(), "name": str(),
				"fields": arrayOf(enum("name_latin", "name_native", "nationality", "residence_country", "employer",
					"employer_kind", "position", "email", "languages", "phone", "birth_date", "notes"))}))}),
		"ConsentInput": object(obj{"purpose": enum("processing", "sharing", "cross_border_transfer"), "granted": boolean(),
			"text_version": str(), "method": str()}, "purpose", "granted"),
		"Consent": object(obj{"id": str(), "participant_id": str(), "purpose": str(), "granted": boolean(),
			"text_version": str(), "method": str(), "recorded_by": str(), "recorded_at": dt}),
		"ConsentList": listOf("Consent"),
	})
}
