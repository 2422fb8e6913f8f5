// Package files is the safety and storage layer for uploaded documents
// (position papers): it decides a file's type from its content, refuses
// anything but PDF, DOCX and Markdown, defends against ZIP bombs and path
// tricks inside DOCX files, builds safe download names and
// Content-Disposition values, and stores files durably under server-made
// names through the Store interface (LocalStore on disk; an S3-compatible
// store can implement the same interface).
//
// The package is HTTP-agnostic and knows nothing about the database: the
// caller streams the request body into Store.Put, commits its database row
// only after Put returned (so a crash never leaves a row without its file),
// and deletes the object again if the commit fails.
package files
