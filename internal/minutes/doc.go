// Package minutes holds the minutes of a dialogue session as a pure document model: the
// bilingual agenda items with notes, key points, decisions, action items and attributed
// statements; their validation; the agreement workflow (draft → circulated → corrections →
// agreed → locked, with amendments); revision diffs; and Chatham House redaction into a View
// that the export renderers (package export) turn into files.
//
// The package does no I/O and imports no web or database code: services and stores built on
// top of it persist Documents and call these functions.
package minutes
