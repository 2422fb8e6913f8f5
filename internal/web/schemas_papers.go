package web

// OpenAPI schemas of issue 4 (position papers).
func init() {
	dt := strf("date-time")
	strs := arrayOf(str())
	status := enum("submitted", "under_review", "accepted", "revise", "rejected")
	criterion := object(obj{"key": str(), "label": str(), "label_zh": str(), "max": integer()}, "key", "label", "max")
	version := object(obj{"version": integer(), "file_name": str(), "content_type": str(), "kind": enum("pdf", "docx", "markdown"),
		"size": integer(), "sha256": str(), "uploaded_by": str(), "uploader": str(), "note": str(), "created_at": dt})
	author := object(obj{"position": integer(), "participant_id": str(), "name": str(), "name_native": str(), "org_id": str()})
	reviewer := object(obj{"id": str(), "user_id": str(), "org_id": str(), "status": enum("assigned", "conflict"),
		"conflict_reason": str(), "name": str(), "created_at": dt, "updated_at": dt})
	review := object(obj{"id": str(), "version": integer(), "reviewer_id": str(), "reviewer_name": str(),
		"scores": obj{"type": "object", "additionalProperties": integer()}, "recommendation": enum("accepted", "revise", "rejected"),
		"comment": str(), "created_at": dt, "updated_at": dt})
	viewer := object(obj{"member": boolean(), "convener": boolean(), "author_side": boolean(), "editor": boolean(),
		"reviewer": boolean(), "conflict": boolean(), "hide_authors": boolean(), "hide_reviewers": boolean()})
	paperObj := object(obj{"id": str(), "session_id": str(), "org_id": str(), "submitted_by": str(), "title": str(),
		"title_zh": str(), "abstract": str(), "abstract_zh": str(), "language": enum("en", "zh", "bilingual"), "keywords": strs,
		"status": status, "decision_note": str(), "decided_at": dt, "public_by_authors": boolean(), "public_by_conveners": boolean(),
		"current_version": integer(), "late": boolean(), "blind": boolean(), "session_title": str(), "session_title_zh": str(),
		"authors": arrayOf(author), "versions": arrayOf(version), "reviewers": arrayOf(reviewer), "reviews": arrayOf(review),
		"history": arrayOf(object(obj{"kind": str(), "actor_id": str(), "actor_role": str(), "actor_name": str(), "detail": str(), "at": dt})),
		"viewer":  viewer, "created_at": dt, "updated_at": dt}, "id", "session_id", "status")
	binary := obj{"type": "string", "format": "binary", "description": "PDF, DOCX or Markdown; type decided by content; send it last"}
	registerSchemas(obj{
		"CallForPapers": object(obj{"session_id": str(), "deadline": dt, "reopened": boolean(), "blind": boolean(),
			"instructions": str(), "instructions_zh": str(), "criteria": arrayOf(criterion), "created_at": dt, "updated_at": dt}),
		"CallForPapersInput": object(obj{"deadline": dt, "reopened": boolean(), "blind": boolean(), "instructions": str(),
			"instructions_zh": str(), "criteria": arrayOf(criterion)}),
		"PaperUpload": object(obj{"title": str(), "title_zh": str(), "abstract": str(), "abstract_zh": str(),
			"language": enum("en", "zh", "bilingual"), "keywords": obj{"type": "string", "description": "comma-separated, or repeated"},
			"authors": obj{"type": "string", "description": "participant ids of the session, in order (repeated or comma-separated)"},
			"file":    binary}, "file"),
		"VersionUpload": object(obj{"note": str(), "file": binary}, "file"),
		"UploadResult": object(obj{"id": str(), "version": integer(), "sha256": str(), "content_type": str(), "size": integer(),
			"file_name": str(), "paper": ref("Paper")}, "id", "version", "sha256", "content_type", "size"),
		"Paper":     paperObj,
		"PaperList": object(obj{"items": arrayOf(ref("Paper")), "next_cursor": str()}, "items"),
		"PaperInput": object(obj{"title": str(), "title_zh": str(), "abstract": str(), "abstract_zh": str(),
			"language": enum("en", "zh", "bilingual"), "keywords": strs, "authors": strs, "public": boolean()}),
		"ReviewerInput": object(obj{"user_id": str()}, "user_id"),
		"Reviewer":      reviewer,
		"ConflictInput": object(obj{"reason": str()}, "reason"),
		"ReviewInput": object(obj{"scores": obj{"type": "object", "additionalProperties": integer()},
			"recommendation": enum("accepted", "revise", "rejected"), "comment": str()}, "scores", "recommendation"),
		"Review":        review,
		"DecisionInput": object(obj{"decision": enum("accepted", "revise", "rejected"), "note": str()}, "decision"),
	})
}
